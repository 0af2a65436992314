"""Charts drawn on the server as SVG: one implementation for pages and PDFs.

Every chart is plain SVG markup styled by presentation attributes (fill=, font-size=; no
style= attribute, which the Content-Security-Policy forbids, no stylesheet, no script), so it
reads the same in a browser, in print and inside WeasyPrint; `svg.svg-chart` in the stylesheet
only lets it shrink to a narrow screen. Numbers are printed beside every bar: small
counts swing, and a reader should never have to guess a value from a bar's length. Labels are
escaped; a bar may link to the rows behind it.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

INK = "#111111"
MUTED = "#4a4a4a"
GRID = "#c8c8c8"
PALETTE = ("#0b2e59", "#c45a00", "#5f6f7f", "#2e7d32", "#8e24aa")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""
    note: str = ""  # printed after the value, e.g. "+3 (38%)"


def _fmt(value):
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _svg(width, height, title, body, description=""):
    desc = f"<desc>{escape(description)}</desc>" if description else ""
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above or below
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="svg-chart" role="img" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{FONT}">'
        f"<title>{escape(title)}</title>{desc}{body}</svg>"
    )


def _text(x, y, text, *, size=13, anchor="start", weight="normal", fill=INK):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _link(href, inner):
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def bar_chart(bars, *, title, width=640, label_width=190, bar_height=22, gap=8, color=PALETTE[0]):
    """Horizontal bars, one per labelled value: readable on a narrow phone with long unit names."""
    bars = list(bars)
    top = 28
    height = top + len(bars) * (bar_height + gap) + 8
    biggest = max((b.value or 0 for b in bars), default=0) or 1
    room = width - label_width - 110
    parts = [_text(0, 18, title, size=15, weight="bold")]
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        length = max(0.0, (bar.value or 0) / biggest * room)
        value_text = _fmt(bar.value) + (f"  {bar.note}" if bar.note else "")
        inner = (
            _text(label_width - 8, y + bar_height * 0.72, _shorten(bar.label, 28), anchor="end")
            + f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{color}"/>'
            + _text(label_width + length + 6, y + bar_height * 0.72, value_text, weight="bold")
        )
        parts.append(_link(bar.href, inner))
    if not bars:
        parts.append(_text(0, 46, "Tidak ada data.", fill=MUTED))
        height = 60
    return _svg(width, height, title, "".join(parts))


def column_chart(labels, series, *, title, width=640, height=260, hrefs=None):
    """Vertical columns over categories (years, months); several series side by side.

    `series` maps a series name to its values (one per label; None = no data). With more than one
    series a legend is drawn. `hrefs`, if given, is a list of links parallel to `labels`.
    """
    labels = list(labels)
    names = list(series)
    values = [list(series[name]) for name in names]
    top, bottom, left = 46 if len(names) > 1 else 30, 34, 8
    plot_height = height - top - bottom
    biggest = max((v or 0 for row in values for v in row), default=0) or 1
    slot = (width - left) / max(1, len(labels))
    column = min(48.0, slot * 0.8 / max(1, len(names)))
    parts = [_text(0, 18, title, size=15, weight="bold")]
    if len(names) > 1:
        x = 0
        for index, name in enumerate(names):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="26" width="12" height="12" fill="{colour}"/>')
            parts.append(_text(x + 16, 37, name, size=12))
            x += 24 + 7.5 * len(name)
    base = top + plot_height
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="{GRID}"/>')
    for i, label in enumerate(labels):
        centre = left + slot * (i + 0.5)
        start = centre - column * len(names) / 2
        inner = []
        for s, row in enumerate(values):
            value = row[i] if i < len(row) else None
            bar = 0 if value is None else (value / biggest) * (plot_height - 16)
            x = start + s * column
            inner.append(
                f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{column - 2:.1f}" '
                f'height="{bar:.1f}" fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
            inner.append(
                _text(
                    x + (column - 2) / 2,
                    base - bar - 4,
                    _fmt(value),
                    size=12,
                    anchor="middle",
                    weight="bold",
                )
            )
        inner.append(
            _text(centre, base + 18, _shorten(str(label), 10), size=12, anchor="middle", fill=MUTED)
        )
        href = hrefs[i] if hrefs and i < len(hrefs) else ""
        parts.append(_link(href, "".join(inner)))
    return _svg(width, height, title, "".join(parts))


def _shorten(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def change_note(current, previous, *, of="dari"):
    """ "+3 (dari 8)" — the count beside any change, so a jump from 1 to 2 is not read as +100%.

    `of` is the word before the earlier count: pages pass it translated.
    """
    if previous is None:
        return ""
    delta = (current or 0) - previous
    sign = "+" if delta > 0 else ""
    if not previous:
        return f"{sign}{delta} ({of} 0)"
    return f"{sign}{delta} ({sign}{delta / previous:.0%} {of} {previous})"
