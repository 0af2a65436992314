"""Every figure on the dashboard pages of the demo opens exactly the rows it counts.

The crawler opens the Polres overview, a Polsek's drill-down, an area page and an officer page
for two periods (a month, and a span that cuts two months), then the Kasat's home (a row per
unit), the recap tables and the data-quality page, collects every figure link (an
`<a data-figure="N">`, rendered by `{% figure %}`) and every chart bar that links to a list,
opens each link and compares N with the count the list shows at its top (`data-count`). It
runs in-process with the test client on the demo seeded once for tests/demo/, and opens each
distinct list address once.

A figure that links without `data-figure` fails the test too: every link whose text is a number
must say which number it stands for, so a new figure cannot slip past the comparison.

Run with `-s` to print how many links it checked.
"""

import re
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bhabin.models import AssistedArea, Visit
from personnel.models import User

PERIODS = ("period=2022-11", "from=2022-10-15&to=2022-11-14")
NUMBER = re.compile(r"^\d[\d.,]*$")
LIST_PATHS = {
    reverse("bhabin:area-list"),
    reverse("bhabin:officer-list"),
    reverse("bhabin:visit-list"),
    reverse("bhabin:schedule-list"),
    reverse("bhabin:early-warning-list"),
    reverse("bhabin:problem-case-list"),
    reverse("conflicts:incident-list"),
    reverse("dashboard:unstaffed"),
}
EXPORTS = {
    reverse("bhabin:area-list"): reverse("bhabin:area-export"),
    reverse("bhabin:officer-list"): reverse("bhabin:officer-export"),
    reverse("bhabin:visit-list"): reverse("bhabin:visit-export"),
    reverse("conflicts:incident-list"): reverse("conflicts:incident-export"),
}


def number(text):
    return int(text.strip().split()[0].replace(".", "").replace(",", ""))


class Figures(HTMLParser):
    """The figure links of a page: (href, value) pairs, with the numeric links that carry no
    value, and the page's list count if it has one."""

    def __init__(self):
        super().__init__()
        self.figures, self.unmarked, self.count = [], [], None
        self.svg = 0
        self.link = None  # the open <a>: {"href", "value", "text", "bold"}
        self.bold = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-count" in attrs and self.count is None:
            self.count = int(attrs["data-count"])
        if tag == "svg":
            self.svg += 1
        elif tag == "a":
            self.link = {"href": attrs.get("href", ""), "value": attrs.get("data-figure")}
            self.link.update(text="", bold=None)
        elif tag == "text" and self.link is not None:
            self.bold = attrs.get("font-weight") == "bold"

    def handle_data(self, data):
        if self.link is None:
            return
        self.link["text"] += data
        if self.svg and self.bold and self.link["bold"] is None:
            self.link["bold"] = data
        self.bold = False

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg -= 1
        elif tag == "a" and self.link is not None:
            self._close(self.link)
            self.link = None

    def _close(self, link):
        href = link["href"]
        if link["value"] is not None:
            self.figures.append((href, int(link["value"])))
        elif self.svg and urlsplit(href).path in LIST_PATHS:
            # A chart bar: its value is the first bold text in it.
            assert link["bold"], f"a chart bar links to {href} with no value"
            self.figures.append((href, number(link["bold"])))
        elif NUMBER.match(link["text"].strip()):
            self.unmarked.append((href, link["text"].strip()))


def parse(response):
    assert response.status_code == 200, response
    parser = Figures()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def kasat_client(client, demo_db):
    client.force_login(User.objects.get(username="kasat"))
    return client


def dashboard_pages(polres):
    """The four kinds of dashboard page: the Polres, the Kapolsek's Polsek, its busiest area,
    and the demo officer."""
    kapolsek = User.objects.select_related("unit").get(username="kapolsek")
    officer = User.objects.get(username="bhabin").officer
    area = (
        AssistedArea.objects.filter(unit=kapolsek.unit, visits__occurred_at__year=2022)
        .order_by("pk")
        .first()
    )
    return [
        reverse("dashboard:overview"),
        reverse("dashboard:unit", args=[kapolsek.unit.code]),
        reverse("dashboard:area", args=[area.pk]),
        reverse("dashboard:officer", args=[officer.pk]),
    ]


# The pages without a period of their own, each with the least number of figures it must have:
# the Kasat's home (three per unit and the totals), the recaps that have lists to open (areas
# and officers per unit, incidents per year and category; facilities and DIPA lines have none,
# but a numeric link there would still have to say its figure) and the data-quality checks.
OTHER_PAGES = {
    reverse("home"): 9,
    reverse("recaps:table", args=["bhabin"]): 6,
    reverse("recaps:table", args=["kompetensi"]): 3,
    reverse("recaps:table", args=["konflik"]): 4,
    reverse("recaps:table", args=["konflik"]) + "?tahun=2022": 4,
    reverse("recaps:table", args=["sarpras"]): 0,
    reverse("recaps:table", args=["dipa"]): 0,
    reverse("imports:data-quality"): 3,
}


def test_every_figure_on_the_dashboard_pages_opens_as_many_rows(kasat_client, demo_db):
    pages = [f"{page}?{period}" for period in PERIODS for page in dashboard_pages(demo_db)]
    checked, wrong, unmarked, counts, few = {}, [], [], {}, []
    for page in [*pages, *OTHER_PAGES]:
        found = parse(kasat_client.get(page))
        unmarked += [(page, *link) for link in found.unmarked]
        if len(found.figures) < OTHER_PAGES.get(page, 1):
            few.append(f"{page}: {len(found.figures)} figures")
        for href, value in found.figures:
            assert urlsplit(href).path in LIST_PATHS, f"{page}: a figure links to {href}"
            if href not in counts:
                counts[href] = parse(kasat_client.get(href)).count
                assert counts[href] is not None, f"{href} shows no count at its top"
            if counts[href] != value:
                wrong.append(f"{page}: {value} links to {href} ({counts[href]})")
            checked[(page, href)] = value
    print(
        f"\n{len(checked)} figure links checked on {len(pages) + len(OTHER_PAGES)} pages "
        f"({len(counts)} distinct list pages opened)"
    )
    assert not unmarked, f"numeric links without data-figure: {unmarked[:5]}"
    assert not wrong, "\n".join(wrong[:20])
    assert not few, few
    # Every kind of list is reached, and the pages have their figures.
    assert {urlsplit(href).path for href in counts} == LIST_PATHS - {reverse("dashboard:unstaffed")}
    assert len(checked) > 100


def test_the_exports_of_a_figure_list_hold_the_same_rows(kasat_client, demo_db):
    """The xlsx of a filtered list has as many rows as the list counts (the export link keeps
    the filter)."""
    found = parse(kasat_client.get(f"{reverse('dashboard:overview')}?{PERIODS[0]}"))
    done = set()
    for href, value in found.figures:
        path = urlsplit(href).path
        if path not in EXPORTS or path in done or not value:
            continue
        done.add(path)
        listed = kasat_client.get(href)
        export = re.search(r'href="([^"]+\.xlsx[^"]*)"', listed.content.decode()).group(1)
        assert urlsplit(export).path == EXPORTS[path]
        response = kasat_client.get(export.replace("&amp;", "&"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(BytesIO(body))
        rows = sheet.active.max_row - 1  # the header
        assert rows == value, f"{export}: {rows} rows for a figure of {value}"
    assert done == set(EXPORTS)


def test_the_area_page_lists_only_the_visits_of_its_period(kasat_client, demo_db):
    area = AssistedArea.objects.filter(visits__occurred_at__year=2022).order_by("pk").first()
    response = kasat_client.get(f"{reverse('dashboard:area', args=[area.pk])}?period=2022-11")
    shown = list(response.context["visits"])
    assert all(
        timezone.localtime(visit.occurred_at).strftime("%Y-%m") == "2022-11" for visit in shown
    )
    in_month = Visit.objects.filter(area=area, occurred_at__year=2022, occurred_at__month=11)
    assert len(shown) == min(in_month.count(), 10)
