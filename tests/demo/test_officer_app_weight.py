"""The officer's pages stay light on a phone's weak signal: each page of the app and everything it
loads (HTML, stylesheet, scripts, the manifest, the service worker and the script it imports)
at most 60 KB gzip-compressed, with the demo's officer and their areas, activities and community
figures. Run with -s to print the figures."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from personnel.models import User

LIMIT = 60 * 1024
ASSET = re.compile(r'<(?:script src|link rel="(?:stylesheet|manifest)" href)="/static/([^"]+)"')


def gzipped(data):
    return len(gzip.compress(data, compresslevel=6))


@pytest.mark.parametrize(
    "url",
    [
        reverse("bhabin:report-create", args=["kunjungan"]),
        reverse("bhabin:report-create", args=["deteksi-dini"]),
        reverse("bhabin:report-create", args=["kasus"]),
        reverse("home"),
        reverse("bhabin:outbox"),
    ],
)
def test_an_officer_page_and_all_it_loads_weigh_at_most_60_kb_compressed(client, demo_db, url):
    client.force_login(User.objects.get(username="bhabin"))
    page = client.get(url)
    assert page.status_code == 200
    worker = client.get(reverse("bhabin:service-worker"))
    html = page.content.decode()
    assets = ASSET.findall(html)
    # The worker imports the outbox's store; the page loads it too (counted once).
    assert {"css/sigap.css", "js/outbox-store.js", "js/outbox.js", "manifest.webmanifest"} <= set(
        assets
    )

    sizes = {"page": (len(page.content), gzipped(page.content))}
    for path in assets:
        data = Path(finders.find(path)).read_bytes()
        sizes[path] = (len(data), gzipped(data))
    sizes["sw.js"] = (len(worker.content), gzipped(worker.content))
    total = sum(compressed for _, compressed in sizes.values())

    print(
        f"\n{url}: {total / 1024:.1f} KB compressed "
        f"({sum(raw for raw, _ in sizes.values()) / 1024:.1f} KB raw): "
        + ", ".join(f"{name} {c / 1024:.1f}/{r / 1024:.1f}" for name, (r, c) in sizes.items())
    )
    assert total <= LIMIT
