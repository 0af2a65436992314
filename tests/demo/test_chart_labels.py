"""Every chart's text stays inside its SVG's viewBox, with the longest names of the demo.

Each text element is measured with the widths of the font the charts name first
(reports/textwidth.py) and placed by its anchor; a label that would run past an edge (the
"olsek Cikarang Selatan" of a label cut at the left) fails.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db.models.functions import Length
from django.urls import reverse

from bhabin.models import AssistedArea
from monthly.duties import report_charts
from monthly.report import monthly_report
from org.models import PoliceUnit
from personnel.models import User
from reports.charts import Bar, bar_chart, column_chart
from reports.textwidth import text_width

SVG = "{http://www.w3.org/2000/svg}"
WIDTHS = (320, 440, 640)


def overflows(svg):
    """The texts of an SVG that leave its viewBox, as (text, why) pairs."""
    root = ET.fromstring(str(svg))  # noqa: S314 - our own markup
    _, _, box_width, box_height = (float(v) for v in root.get("viewBox").split())
    found = []
    for node in root.iter(f"{SVG}text"):
        text = node.text or ""
        size = float(node.get("font-size"))
        x, y = float(node.get("x")), float(node.get("y"))
        width = text_width(text, size, bold=node.get("font-weight") == "bold")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor")]
        if left < -0.5:
            found.append((text, f"starts at {left:.1f}"))
        if left + width > box_width + 0.5:
            found.append((text, f"ends at {left + width:.1f} of {box_width:.0f}"))
        if y - size * 0.8 < -0.5 or y + size * 0.25 > box_height + 0.5:
            found.append((text, f"baseline {y:.1f} outside 0..{box_height:.0f}"))
    return found


def svgs(html):
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


@pytest.fixture
def longest(demo_db):
    unit = PoliceUnit.objects.order_by(Length("name").desc(), "name").first().name
    area = AssistedArea.objects.order_by(Length("name").desc(), "name").first().name
    return unit, area


def test_the_checker_catches_a_label_cut_at_the_left():
    clipped = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">'
        '<text x="20" y="20" font-size="13" text-anchor="end" font-weight="normal">'
        "Polsek Cikarang Selatan</text></svg>"
    )
    assert overflows(clipped)


@pytest.mark.parametrize("width", WIDTHS)
def test_bar_charts_keep_the_longest_names_inside(longest, width):
    unit, area = longest
    bars = [
        Bar(unit, 1234, note="+1.234 (+100% dari 1.234)"),
        Bar(area, 7, of=7, note="7 dari 7"),
        Bar("x", 0, of=0, note="0 dari 0"),
        Bar(f"{unit} {area}", 3),
    ]
    for chart in (
        bar_chart(bars, title=f"Wilayah binaan yang dikunjungi per kesatuan: {unit}", width=width),
        bar_chart(bars[:1], title="t", width=width, label_width=60),
    ):
        assert overflows(chart) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_column_charts_keep_long_labels_and_a_long_legend_inside(longest, width):
    unit, area = longest
    chart = column_chart(
        [unit, area, "Nov 22", "2022"],
        {unit: [1, 20, 300, 4000], area: [None, 2, 3, 1]},
        title=f"Konflik sosial per bulan: {unit}, {area}",
        width=width,
    )
    assert overflows(chart) == []


def test_coverage_is_drawn_as_a_share_so_seven_of_seven_is_a_full_bar():
    root = ET.fromstring(  # noqa: S314 - our own markup
        str(
            bar_chart(
                [Bar("A", 7, of=7, note="7 dari 7"), Bar("B", 50, of=100)], title="t", width=440
            )
        )
    )
    rects = root.findall(f".//{SVG}rect")
    # Each share bar is a track (the whole) and the share drawn over it.
    track_a, share_a, track_b, share_b = (float(r.get("width")) for r in rects)
    assert share_a == track_a
    assert share_b == pytest.approx(track_b / 2, abs=0.1)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "100% (7 dari 7)" in texts
    assert "50%" in texts


def test_every_chart_of_the_dashboard_and_the_monthly_report_fits(client, demo_db):
    client.force_login(User.objects.get(username="kasat"))
    polsek = PoliceUnit.objects.order_by(Length("name").desc()).filter(level="polsek").first()
    area = AssistedArea.objects.order_by(Length("name").desc(), "name").first()
    pages = [
        reverse("dashboard:overview"),
        reverse("dashboard:unit", args=[polsek.code]),
        reverse("dashboard:area", args=[area.pk]),
    ]
    checked = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        for svg in svgs(response.content.decode()):
            assert overflows(svg) == [], url
            checked += 1
    for chart in report_charts(monthly_report(demo_db, 2022, 11)).values():
        assert overflows(chart) == []
        checked += 1
    assert checked >= 8
