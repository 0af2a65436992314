"""Charts drawn on the server as SVG: one implementation for pages and PDFs.

Every chart is plain SVG markup styled by presentation attributes (fill=, font-size=; no
style= attribute, which the Content-Security-Policy forbids, no stylesheet, no script), so it
reads the same in a browser, in print and inside WeasyPrint. A chart is drawn in a viewBox of
the width asked for and takes the whole width of its container (`width="100%"`, the height
following), so it grows on a wide screen and shrinks on a phone.

No text is ever clipped: every label, value and title is measured (`reports.textwidth`, the
widths of DejaVu Sans, the first font named) and wrapped onto more lines, or given more room,
until it fits inside the viewBox. Numbers are printed beside every bar: small counts swing, and
a reader should never have to guess a value from a bar's length. A share (areas visited of
areas) is drawn as a share, its count beside it, so a unit at 7 of 7 gets a full bar. Labels are
escaped; a bar may link to the rows behind it.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.textwidth import text_width, wrap

INK = "#111111"
MUTED = "#4a4a4a"
GRID = "#c8c8c8"
TRACK = "#e6e9ed"
PALETTE = ("#0b2e59", "#c45a00", "#5f6f7f", "#2e7d32", "#8e24aa")
FONT = "'DejaVu Sans', 'Noto Sans', Roboto, 'Segoe UI', Arial, sans-serif"
TITLE_SIZE = 15
LABEL_SIZE = 13
SMALL_SIZE = 12
# A line of text takes its font size times this.
LEADING = 1.25
# The label column never takes more than this share of the width; longer labels wrap.
LABEL_SHARE = 0.4
# Nor the value and its note, which wrap too: the bars keep at least the rest.
VALUE_SHARE = 0.36
PAD = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""
    note: str = ""  # printed after the value, e.g. "+3 (38%)" or "7 dari 7"
    # When set, the bar is the share value / of (a full bar is all of it) and prints as a
    # percentage, the note beside it giving the counts.
    of: float | None = None

    @property
    def share(self):
        if self.of is None:
            return None
        return (self.value or 0) / self.of if self.of else 0.0

    def value_text(self):
        if self.of is None:
            return _fmt(self.value) + (f"  {self.note}" if self.note else "")
        percent = f"{round(self.share * 100)}%"
        return f"{percent} ({self.note})" if self.note else percent


def _fmt(value):
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _svg(width, height, title, body, description=""):
    desc = f"<desc>{escape(description)}</desc>" if description else ""
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above or below
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" class="svg-chart" role="img" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{FONT}">'
        f"<title>{escape(title)}</title>{desc}{body}</svg>"
    )


def _text(x, y, text, *, size=LABEL_SIZE, anchor="start", weight="normal", fill=INK):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _lines(x, y, lines, *, size, **kwargs):
    """Several lines of text, the first baseline at `y`."""
    step = size * LEADING
    return "".join(
        _text(x, y + i * step, line, size=size, **kwargs) for i, line in enumerate(lines)
    )


def _title(title, width):
    """The title wrapped to the width, and the height it takes."""
    lines = wrap(title, TITLE_SIZE, width, bold=True)
    markup = _lines(0, TITLE_SIZE, lines, size=TITLE_SIZE, weight="bold")
    return markup, len(lines) * TITLE_SIZE * LEADING


def _link(href, inner):
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def bar_chart(bars, *, title, width=640, label_width=None, bar_height=22, gap=8, color=PALETTE[0]):
    """Horizontal bars, one per labelled value: readable on a narrow phone with long unit names.

    The label column is as wide as the longest label needs, up to `label_width` and LABEL_SHARE
    of the width; a longer label (or value note) wraps onto more lines and its row grows.
    """
    bars = list(bars)
    parts = []
    title_markup, top = _title(title, width)
    parts.append(title_markup)
    top += 6
    if not bars:
        parts.append(_text(0, top + LABEL_SIZE, _("No data."), fill=MUTED))
        return _svg(width, top + LABEL_SIZE + 12, title, "".join(parts))
    value_width = min(
        max(text_width(b.value_text(), LABEL_SIZE, bold=True) for b in bars) + PAD,
        width * VALUE_SHARE,
    )
    widest = max(text_width(b.label, LABEL_SIZE) for b in bars) + PAD + 2
    column = min(widest, label_width or width, width * LABEL_SHARE)
    room = width - column - value_width - PAD
    biggest = max((b.value or 0 for b in bars), default=0) or 1
    line_height = LABEL_SIZE * LEADING
    y = top
    for bar in bars:
        lines = wrap(bar.label, LABEL_SIZE, column - PAD - 1.5)
        values = wrap(bar.value_text(), LABEL_SIZE, value_width - PAD + 0.5, bold=True)
        row = max(bar_height, max(len(lines), len(values)) * line_height + 6)
        middle = y + row / 2
        share = bar.share if bar.of is not None else (bar.value or 0) / biggest
        length = max(0.0, min(share, 1.0) * room)
        bar_top = middle - bar_height / 2
        inner = _lines(
            column - PAD, _first_baseline(middle, lines), lines, size=LABEL_SIZE, anchor="end"
        )
        if bar.of is not None:
            inner += (
                f'<rect x="{column:.1f}" y="{bar_top:.1f}" width="{room:.1f}" '
                f'height="{bar_height}" fill="{TRACK}"/>'
            )
        inner += (
            f'<rect x="{column:.1f}" y="{bar_top:.1f}" width="{length:.1f}" '
            f'height="{bar_height}" fill="{color}"/>'
        )
        value_x = column + (room if bar.of is not None else length) + PAD
        inner += _lines(
            value_x, _first_baseline(middle, values), values, size=LABEL_SIZE, weight="bold"
        )
        parts.append(_link(bar.href, inner))
        y += row + gap
    return _svg(width, y, title, "".join(parts))


def _first_baseline(middle, lines):
    """The first baseline of lines centred on `middle`."""
    return middle - (len(lines) - 1) * LABEL_SIZE * LEADING / 2 + LABEL_SIZE * 0.35


def column_chart(labels, series, *, title, width=640, height=260, hrefs=None):
    """Vertical columns over categories (years, months); several series side by side.

    `series` maps a series name to its values (one per label; None = no data). With more than one
    series a legend is drawn. `hrefs`, if given, is a list of links parallel to `labels`.
    Labels too wide for their slot wrap onto more lines below the axis.
    """
    labels = [str(label) for label in labels]
    names = list(series)
    values = [list(series[name]) for name in names]
    left = 8
    parts = []
    title_markup, top = _title(title, width)
    parts.append(title_markup)
    if len(names) > 1:
        x, legend_y = 0.0, top + 4
        for index, name in enumerate(names):
            need = 16 + text_width(name, SMALL_SIZE) + 12
            if x and x + need > width:
                x, legend_y = 0.0, legend_y + SMALL_SIZE * LEADING + 2
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{legend_y:.1f}" width="12" height="12" fill="{colour}"/>'
            )
            parts.append(_text(x + 16, legend_y + 11, name, size=SMALL_SIZE))
            x += need
        top = legend_y + SMALL_SIZE * LEADING + 2
    top += 16  # room for the value above the tallest column
    slot = (width - left) / max(1, len(labels))
    label_lines = [wrap(label, SMALL_SIZE, slot - 2) for label in labels]
    bottom = max((len(lines) for lines in label_lines), default=1) * SMALL_SIZE * LEADING + 8
    plot_height = max(height - top - bottom, 60)
    height = top + plot_height + bottom
    biggest = max((v or 0 for row in values for v in row), default=0) or 1
    column = min(48.0, slot * 0.8 / max(1, len(names)))
    base = top + plot_height
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="{GRID}"/>')
    for i, lines in enumerate(label_lines):
        centre = left + slot * (i + 0.5)
        start = centre - column * len(names) / 2
        inner = []
        for s, row in enumerate(values):
            value = row[i] if i < len(row) else None
            bar = 0 if value is None else (value / biggest) * plot_height
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
                    size=SMALL_SIZE,
                    anchor="middle",
                    weight="bold",
                )
            )
        inner.append(
            _lines(
                centre, base + 4 + SMALL_SIZE, lines, size=SMALL_SIZE, anchor="middle", fill=MUTED
            )
        )
        href = hrefs[i] if hrefs and i < len(hrefs) else ""
        parts.append(_link(href, "".join(inner)))
    return _svg(width, height, title, "".join(parts))


def change_note(current, previous, *, of="dari"):
    """ "+3 (dari 8)" — the count beside any change, so a jump from 1 to 2 is not read as +100%.

    `of` is the word before the earlier count: pages pass it translated. No change is "±0 (dari
    2)", not a percentage of nothing.
    """
    if previous is None:
        return ""
    delta = (current or 0) - previous
    sign = "+" if delta > 0 else ""
    if not delta:
        return f"±0 ({of} {previous})"
    if not previous:
        return f"{sign}{delta} ({of} 0)"
    return f"{sign}{delta} ({sign}{delta / previous:.0%} {of} {previous})"
