import xml.etree.ElementTree as ET

from reports.charts import Bar, bar_chart, change_note, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own markup, not untrusted XML


def test_a_bar_chart_is_well_formed_svg_with_a_title_and_one_rect_per_bar():
    root = parse(bar_chart([Bar("Polsek A", 3), Bar("Polsek B", 7)], title="Konflik"))
    assert root.find(f"{SVG}title").text == "Konflik"
    assert len(root.findall(f".//{SVG}rect")) == 2


def test_every_bar_prints_its_value_beside_it():
    texts = [
        t.text
        for t in parse(bar_chart([Bar("A", 1234), Bar("B", 2.5)], title="x")).iter(f"{SVG}text")
    ]
    assert "1.234" in texts
    assert "2,5" in texts


def test_labels_are_escaped_so_user_text_cannot_inject_markup():
    svg = str(bar_chart([Bar('<script>alert(1)</script>"', 1)], title="<b>t</b>"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    parse(svg)


def test_a_bar_links_to_the_rows_behind_it():
    root = parse(bar_chart([Bar("Desa X", 2, href="/wilayah/5/")], title="t"))
    assert root.find(f".//{SVG}a").get("href") == "/wilayah/5/"


def test_a_column_chart_draws_each_series_per_label_with_a_legend():
    root = parse(
        column_chart(["2021", "2022"], {"Tahun ini": [8, 23], "Tahun lalu": [10, 8]}, title="t")
    )
    # two legend swatches + 2 labels x 2 series
    assert len(root.findall(f".//{SVG}rect")) == 2 + 4


def test_an_empty_bar_chart_says_so():
    assert "Tidak ada data." in str(bar_chart([], title="t"))


def test_a_change_note_gives_the_count_beside_the_percentage():
    assert change_note(2, 1) == "+1 (+100% dari 1)"
    assert change_note(5, 8) == "-3 (-38% dari 8)"
    assert change_note(3, 0) == "+3 (dari 0)"
    assert change_note(3, None) == ""


def test_a_value_beside_its_bar_is_never_broken_inside_the_number():
    chart = bar_chart([Bar("Mendengarkan keluhan warga", 257), Bar("B", 15)], title="t")
    texts = [t.text for t in parse(chart).iter(f"{SVG}text")]
    assert "257" in texts and "15" in texts


def test_no_change_is_written_without_a_percentage_of_nothing():
    assert change_note(2, 2) == "±0 (dari 2)"
