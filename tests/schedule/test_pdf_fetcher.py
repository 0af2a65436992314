"""The PDF fetcher loads the app's own static files and nothing else."""

import pytest

from reports.pdf import BASE_URL, RefusedURL, SafeURLFetcher, html_to_pdf


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        # a redirect can never be followed: nothing is fetched over the network at all
        "http://127.0.0.1:8000/redirect?to=file:///etc/passwd",
        "https://sigap.invalid/static/../../config/settings.py",
        "https://sigap.invalid/static/css/%2e%2e/%2e%2e/config/settings.py",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(url)


def test_the_fetcher_serves_the_apps_stylesheet():
    response = SafeURLFetcher().fetch(f"{BASE_URL}static/css/sigap.css")

    assert response.content_type == "text/css"
    assert b"Sigap" in response.read()


def test_a_document_pointing_outside_still_renders_without_fetching_it(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    html = '<img src="file:///etc/passwd"><img src="http://example.com/x.png"><p>Jadwal</p>'

    assert html_to_pdf(html).startswith(b"%PDF")
