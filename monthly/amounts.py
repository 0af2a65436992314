"""How the report prints its amounts: Rupiah in figures and in words, whole percentages."""

from dataclasses import dataclass
from decimal import Decimal

from reports.terbilang import rupiah, terbilang


@dataclass(frozen=True)
class Money:
    """An amount as a figure and in words: every amount in a report is printed both ways."""

    amount: int
    figure: str
    words: str


def money(amount):
    amount = int(amount or 0)
    words = terbilang(amount) if amount >= 0 else "minus " + terbilang(-amount)
    return Money(amount, rupiah(amount), words)


def percent(part, whole):
    """A whole percentage (half up), or None when there is nothing to divide by."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), "ROUND_HALF_UP"))
