"""Limits on free text that is printed: a PDF lays out whatever a field holds, and a field of
megabytes (or of thousands of empty lines) is a PDF of minutes and hundreds of pages.

A TextField's `max_length` is enforced by neither Django's model validation nor the database, so
a field that reaches a PDF carries these validators; forms that write the field use the same
ones, and say the limit in Indonesian.
"""

import re

from django.core.validators import BaseValidator, MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def text_length_validator(limit):
    """At most `limit` characters."""
    return MaxLengthValidator(
        limit,
        message=_("At most %(limit_value)d characters; this text has %(show_value)d."),
    )


@deconstructible
class MaxLinesValidator(BaseValidator):
    """At most `limit_value` lines: each line break is a line of the page, however short."""

    message = _("At most %(limit_value)d lines; this text has %(show_value)d.")
    code = "max_lines"

    def compare(self, a, b):
        return a > b

    def clean(self, x):
        return len(x.splitlines()) if x else 0


def printed_text_validators(*, chars, lines):
    """The validators of a free-text field that a PDF prints."""
    return [text_length_validator(chars), MaxLinesValidator(lines)]


def clip_printed_text(text, *, chars, lines, note):
    """Text stored before its field had limits, cut to them for printing: whole lines, then
    `note`. Text within the limits is returned as it is."""
    all_lines = text.splitlines()
    if len(text) <= chars and len(all_lines) <= lines:
        return text
    kept, size = [], len(note)
    for line in all_lines[: lines - 1]:
        if size + len(line) + 1 > chars:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join([*kept, note])


# A zero-width space after every run of this many characters without a space: WeasyPrint breaks
# a long unbroken word one character at a time, which took seven 5,000-character words 7 s to
# lay out; with break opportunities it takes under a second and reads the same.
UNBROKEN_RUN = 30
_UNBROKEN = re.compile(rf"\S{{{UNBROKEN_RUN}}}(?=\S)")


def printed_text(text, *, chars, lines, note):
    """Text as a PDF prints it: cut to the limits (`clip_printed_text`), and breakable."""
    clipped = clip_printed_text(text, chars=chars, lines=lines, note=note)
    return _UNBROKEN.sub(lambda match: match.group(0) + "\u200b", clipped)
