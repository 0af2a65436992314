"""PDF rendering with WeasyPrint, allowed to read nothing but the app's own static files.

A template is rendered to HTML by Django (so every user string is escaped as on a page) and laid
out by WeasyPrint with `SafeURLFetcher`: a stylesheet or image may come only from STATIC_URL,
resolved through the staticfiles finders to a file inside a static directory of the project.
Everything else (file://, http(s):// to any host, data:, path traversal) is refused, and nothing
is ever fetched over the network, so there is no redirect to follow.

    from reports.pdf import render_pdf
    pdf_bytes = render_pdf("pdf/monthly.html", context)
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base URL documents are laid out against. `.invalid` is reserved (RFC 2606): no such host
# can exist, and the fetcher below never opens a connection anyway. "/static/x.css" in a
# template resolves to https://sigap.invalid/static/x.css, which the fetcher maps to a file.
BASE_URL = "https://sigap.invalid/"
_BASE = urlsplit(BASE_URL)


class RefusedURL(ValueError):
    """A URL the PDF renderer may not load."""


def _static_roots():
    """The real paths of the project's static directories (STATICFILES_DIRS).

    Apps' own static folders (the admin's, in site-packages) are not the project's: a PDF has
    no use for them.
    """
    roots = []
    for entry in settings.STATICFILES_DIRS:
        path = entry[1] if isinstance(entry, (tuple, list)) else entry
        roots.append(Path(path).resolve())
    return roots


def static_path_for(url):
    """The file a URL under STATIC_URL names, or RefusedURL. Reads nothing, fetches nothing."""
    if not isinstance(url, str) or "\\" in url or "\x00" in url:
        raise RefusedURL("Malformed URL.")
    parts = urlsplit(url)
    origin = (parts.scheme.lower(), parts.netloc.lower())
    if (parts.scheme or parts.netloc) and origin != (_BASE.scheme, _BASE.netloc):
        raise RefusedURL(f"Only the app's own static files may be loaded, not {url!r}.")
    path = unquote(parts.path)
    if "\\" in path or "\x00" in path:
        raise RefusedURL("Malformed URL.")
    segments = path.split("/")
    if ".." in segments or "." in segments:
        raise RefusedURL(f"Path traversal refused: {url!r}.")
    static_url = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(static_url):
        raise RefusedURL(f"Not under {static_url}: {url!r}.")
    relative = posixpath.normpath(path[len(static_url) :])
    if relative.startswith(("/", "..")) or relative in ("", "."):
        raise RefusedURL(f"Not a static file: {url!r}.")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"No such static file: {url!r}.")
    real = Path(found).resolve()
    if not real.is_file() or not any(real.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"Outside the static directories: {url!r}.")
    return real


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the app's static files and refuses the rest."""

    def fetch(self, url, headers=None):
        path = static_path_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def html_to_pdf(html):
    """Lay out an HTML string as PDF bytes with the safe fetcher."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).write_pdf()


def render_document(template_name, context, request=None):
    """Render a Django template and lay it out: the WeasyPrint document, whose `pages` a test
    counts and whose `write_pdf()` gives the same bytes as `render_pdf`."""
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).render()


def render_pdf(template_name, context, request=None):
    """Render a Django template to HTML and lay it out as PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(content, filename, *, disposition="inline"):
    """PDF bytes as a response that opens in the browser (or downloads, `attachment`)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def balanced_pages(heights, *, first, later, last_extra=0.0):
    """Split rows of the given heights into pages of near-equal height, as lists of indices.

    `first` and `later` are the heights a page offers to rows (the first page holds the title
    too); `last_extra` is what must still fit after the last row (a legend). The fewest pages
    that hold the rows are used, each filled towards the same share, so that the last page is
    never left with a row or two (WeasyPrint honours no `orphans` between table rows).
    """
    # A row taller than a page is laid out over two anyway: count it as a page.
    heights = [min(h, first, later) for h in heights]
    last_extra = min(last_extra, later - max(heights, default=0))
    if not heights:
        return []
    total = sum(heights) + last_extra
    pages = 1
    while first + later * (pages - 1) < total:
        pages += 1
    while True:
        split = _fill(heights, first, later, last_extra, pages)
        if split is not None:
            return split
        pages += 1


def _fill(heights, first, later, last_extra, pages):
    """Rows dealt to `pages` pages, each taking about its share; None if they do not fit."""
    result, index = [], 0
    remaining = sum(heights) + last_extra
    for page in range(pages):
        room = first if page == 0 else later
        target = min(room, remaining / (pages - page))
        rows, used = [], 0.0
        while index < len(heights) and used + heights[index] <= room:
            # Take the row while that brings the page nearer its share than leaving it.
            if rows and used + heights[index] / 2 > target:
                break
            rows.append(index)
            used += heights[index]
            index += 1
        remaining -= used
        result.append(rows)
    last_room = first if pages == 1 else later
    if index < len(heights) or sum(heights[i] for i in result[-1]) + last_extra > last_room:
        return None
    return [rows for rows in result if rows]
