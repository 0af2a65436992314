"""`{% figure value url %}`: a figure that opens the rows it counts.

The link carries the figure in `data-figure`, so that tests/demo/test_figure_links.py can
open every figure of a page and compare it with the count its list page shows (`data-count`).
`url` comes from `org.filters.list_url` with the filter that produced the figure.
"""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def figure(value, url):
    return format_html('<a href="{}" data-figure="{}">{}</a>', url, value, intcomma(value))
