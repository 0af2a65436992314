"""How a unit heads and signs its documents (monthly reports, schedules, MOTUL sheets)."""

NATIONAL_LETTERHEAD = "KEPOLISIAN NEGARA REPUBLIK INDONESIA"


def letterhead(unit):
    """The letterhead lines, walking up the unit tree: nation, then each unit from the top."""
    chain = []
    current = unit
    while current is not None:
        chain.append(current.letterhead_name or current.name.upper())
        current = current.parent
    return [NATIONAL_LETTERHEAD, *reversed(chain)]


def signing_place(unit):
    """Where a document is signed: the unit's letterhead line without its level word.

    RESOR METRO BEKASI -> Metro Bekasi; SEKTOR CIKARANG BARAT -> Cikarang Barat.
    """
    name = unit.letterhead_name or unit.name
    words = name.split(" ", 1)
    return (words[1] if len(words) > 1 else name).title()
