"""The PDF renderer may read the app's own static files and nothing else."""

import pytest

from reports.pdf import BASE_URL, RefusedURL, SafeURLFetcher, html_to_pdf, static_path_for


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/x.png",
        "https://127.0.0.1:8000/static/css/sigap.css",
        "//example.com/static/css/sigap.css",
        "/static/../config/settings.py",
        "/static/css/../../config/settings.py",
        "/static/%2e%2e/config/settings.py",
        "/static/css/..%2f..%2fconfig/settings.py",
        "/static/..\\config\\settings.py",
        "data:text/css,body{}",
        "/config/settings.py",
        "/static/",
        "/static/css/no-such-file.css",
        "/static/admin/css/base.css",
    ],
)
def test_it_refuses_every_url_but_an_existing_static_file(url):
    with pytest.raises(RefusedURL):
        static_path_for(url)


def test_it_serves_a_static_file_that_exists():
    response = SafeURLFetcher().fetch("/static/css/sigap.css")
    assert response.content_type == "text/css"
    assert b"{" in response.read()


def test_it_serves_a_static_file_resolved_against_the_base_url():
    assert static_path_for(BASE_URL + "static/css/sigap.css").name == "sigap.css"


def test_the_fetcher_raises_for_a_refused_url_so_weasyprint_skips_it():
    with pytest.raises(RefusedURL):
        SafeURLFetcher()("file:///etc/passwd")


def test_a_document_pointing_at_local_files_still_renders_without_them(caplog):
    pdf = html_to_pdf(
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<img src="file:///etc/passwd"><img src="http://example.com/x.png"><p>Isi</p>'
    )
    assert pdf.startswith(b"%PDF")
    assert b"root:" not in pdf
    refused = [r for r in caplog.records if "RefusedURL" in r.getMessage()]
    assert len(refused) == 3
