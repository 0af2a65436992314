"""The officer's phone app: the service worker, the offline page, the outbox page and the fresh
CSRF token the outbox sends with.

The service worker (static/js/sw.js) keeps two kinds of copies. The shell (stylesheet, scripts,
icons, the offline page) is the same for everyone and is versioned by the hash of those files, so
a deployment that changes one installs a new worker and drops the old caches. The officer's own
pages (home, the three report forms, the outbox) are kept only when the server marks them
(bhabin/offline.py), per officer; the worker drops them when the login page is opened (a logout,
an expired session) or when a page arrives marked for another officer.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bhabin.offline import OFFLINE_HEADER, offline_key, offline_page
from bhabin.views.field_reports import KINDS

# What every page of the app needs offline, whoever is signed in.
SHELL_STATIC = (
    "css/sigap.css",
    "js/outbox-store.js",
    "js/outbox.js",
    "js/geo.js",
    "manifest.webmanifest",
    "icons/sigap-192.png",
    "icons/sigap-512.png",
)
SERVICE_WORKER_SOURCE = "js/sw.js"
OFFLINE_TEMPLATE = "bhabin/offline.html"


def officer_pages():
    """The addresses the phone keeps for an officer (every one is wrapped in offline_page)."""
    return [
        reverse("home"),
        *(reverse("bhabin:report-create", args=[slug]) for slug in KINDS),
        reverse("bhabin:outbox"),
    ]


def _static_bytes(path):
    found = finders.find(path)
    if found:
        return Path(found).read_bytes()
    with staticfiles_storage.open(path) as handle:
        return handle.read()


def _worker_source():
    """The worker's source with its settings in front, and its version: a hash of everything it
    keeps in the shell, so any change to one of them is a new worker."""
    digest = hashlib.sha256()
    for path in (SERVICE_WORKER_SOURCE, *SHELL_STATIC):
        digest.update(_static_bytes(path))
    # The offline page in the shell is rendered from these.
    templates = Path(settings.BASE_DIR) / "templates"
    for path in (templates / "base.html", templates / OFFLINE_TEMPLATE):
        digest.update(path.read_bytes())
    for directory in settings.LOCALE_PATHS:
        for path in sorted(Path(directory).glob("*/LC_MESSAGES/django.mo")):
            digest.update(path.read_bytes())
    version = digest.hexdigest()[:16]
    return version, _static_bytes(SERVICE_WORKER_SOURCE).decode()


# Read once per process; on a developer's machine (DEBUG) on every request, as static files change
# without a restart.
_worker = functools.cache(_worker_source)


@login_not_required
@require_GET
def service_worker(request):
    """The service worker, from the root so that its scope covers every page; revalidated on each
    load so that a deployment takes over at the next page load."""
    version, source = (_worker_source if settings.DEBUG else _worker)()
    config = {
        "version": version,
        "shell": [static(path) for path in SHELL_STATIC] + [reverse("bhabin:offline")],
        "offlinePage": reverse("bhabin:offline"),
        "officerPages": officer_pages(),
        "loginPage": reverse("login"),
        "tokenUrl": reverse("bhabin:outbox-token"),
        "header": OFFLINE_HEADER,
        "outboxScript": static("js/outbox-store.js"),
    }
    response = HttpResponse(
        f"self.SIGAP = {json.dumps(config)};\n{source}",
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline(request):
    """What a page the phone did not keep shows without signal. It is kept for everyone in the
    shell, so it is rendered for nobody: no name, no menu, no one-time message."""
    request.user = AnonymousUser()
    return render(request, OFFLINE_TEMPLATE)


@never_cache
@require_GET
def outbox_token(request):
    """A fresh CSRF token for the outbox's next sending, and whose reports this session may send
    (an outbox keeps each report with the key of the officer who wrote it)."""
    key = offline_key(request.user)
    if key is None:
        raise PermissionDenied
    return JsonResponse({"csrfToken": get_token(request), "user": key})


@offline_page
@require_GET
def outbox(request):
    """The reports kept on this phone and the state of each; the list is the phone's, so the
    page's script fills it from the phone's storage."""
    if offline_key(request.user) is None:
        raise PermissionDenied
    return render(request, "bhabin/outbox.html", {"kinds": _kind_titles()})


def _kind_titles():
    return {slug: kind.title for slug, kind in KINDS.items()}
