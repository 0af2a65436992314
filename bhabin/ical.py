"""A small iCalendar (RFC 5545) writer for all-day events, written by hand.

Sigap needs one thing from iCalendar: a list of all-day events with a summary and a description.
That is about forty lines (text escaping, line folding at 75 octets, CRLF), so it is written here
rather than adding a dependency.
"""

import datetime
from dataclasses import dataclass

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """A content line folded into lines of at most 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    parts = []
    limit = MAX_LINE_OCTETS
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # a continuation byte: step back
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = MAX_LINE_OCTETS - 1  # the leading space of a continuation line counts
    parts.append(data)
    return (CRLF + " ").join(part.decode("utf-8") for part in parts)


def _date(day):
    return day.strftime("%Y%m%d")


def calendar(events, *, name, now):
    """A VCALENDAR of all-day VEVENTs as a string with CRLF line endings."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sat Binmas Polres Metro Bekasi//Sigap//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
