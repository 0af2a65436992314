"""Filters for the optimisation report: dictionary lookup and numbers written the Indonesian way."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """mapping[key], or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def id_num(value, digits=1):
    """12345.6 -> '12.345,6'; None -> '–'."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):,.{int(digits)}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")
