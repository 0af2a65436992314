"""Masking of the personal data of people involved, for readers who may not see it.

UU PDP 27/2022 counts criminal records as specific personal data: only the roles that
org.roles.may_see_people_involved allows read the names of people involved. Anything else that
must mention one (an export, a PDF, the audit log) shows it masked.
"""

from org.roles import may_see_people_involved

MASK = "***"


def mask_name(name):
    """Each word reduced to its first letter and "***": "Ahmad Sodikin" -> "A*** S***".

    Blank stays blank, so a missing name does not turn into a mask that suggests one.
    """
    words = str(name or "").split()
    return " ".join(f"{word[0]}{MASK}" for word in words)


def mask_value(value):
    """Any other personal value (NIK, address, date of birth, notes): nothing of it is shown."""
    return MASK if value not in (None, "") else ""


def person_name_for(user, name):
    """The name as this user may see it: in full for the roles that need it, masked otherwise."""
    return name if may_see_people_involved(user) else mask_name(name)
