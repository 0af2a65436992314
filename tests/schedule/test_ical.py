"""The hand-written iCalendar writer: escaping and folding."""

import datetime

from bhabin.ical import Event, calendar, escape_text, fold


def test_text_escapes_backslash_semicolon_comma_and_newlines():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_a_short_line_is_left_alone():
    assert fold("SUMMARY:Sambang") == "SUMMARY:Sambang"


def test_a_long_line_folds_at_75_octets_and_unfolds_to_itself():
    line = "SUMMARY:" + "x" * 200

    folded = fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é" * 100  # two octets each

    folded = fold(line)

    for part in folded.split("\r\n"):
        part.encode("utf-8").decode("utf-8")
        assert len(part.encode()) <= 75
    assert folded.replace("\r\n ", "") == line


def test_an_all_day_event_ends_the_next_day():
    body = calendar(
        [Event(uid="x@sigap", day=datetime.date(2022, 12, 31), summary="Akhir tahun")],
        name="Jadwal",
        now=datetime.datetime(2022, 12, 1, tzinfo=datetime.UTC),
    )

    assert "DTSTART;VALUE=DATE:20221231\r\nDTEND;VALUE=DATE:20230101\r\n" in body
    assert "DTSTAMP:20221201T000000Z\r\n" in body
