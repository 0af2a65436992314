"""Masks for personal data shown to a reader who may not see it (an export, a PDF, the audit log).

UU PDP 27/2022: what the reader may see is decided elsewhere (org.roles); these only hide.
"""

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
