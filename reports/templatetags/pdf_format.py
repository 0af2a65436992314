"""Filters for official documents: counts with dots between thousands, whatever the language."""

from decimal import Decimal

from django import template

from reports.terbilang import angka as _angka

register = template.Library()


@register.filter
def angka(value):
    """1452 -> "1.452"; Decimal("6.9") -> "6,9"; anything else unchanged."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return _angka(value)
    if isinstance(value, Decimal):
        whole, _, fraction = f"{value:f}".partition(".")
        return _angka(int(whole)) + ("," + fraction if fraction else "")
    return value
