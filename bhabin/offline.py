"""Which of an officer's pages the phone may keep for offline use (see bhabin/views/offline.py).

A page is kept only when the server marks its response with OFFLINE_HEADER, whose value is the
officer's key: the same on every login of that officer, different for every officer, naming
nobody. Nobody but an officer gets a key, so a Kapolsek's or Kasat's page is never marked.
"""

import functools

from django.utils.crypto import salted_hmac

from org.roles import is_officer

OFFLINE_HEADER = "X-Sigap-Offline"


def offline_key(user):
    """The officer's key for the pages and reports the phone keeps, or None for anyone else."""
    if not is_officer(user) or user.officer_id is None:
        return None
    return salted_hmac("bhabin.offline.key", str(user.pk)).hexdigest()[:24]


def offline_page(view):
    """Mark an officer's page for the phone to keep. A page that showed a one-time message (a
    page kept with "Saved" on it would say so again on every offline visit) is marked
    "transient": it tells whose pages the phone keeps, but is not kept itself."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        key = offline_key(request.user)
        if key and request.method == "GET" and response.status_code == 200:
            messages_shown = getattr(getattr(request, "_messages", None), "used", False)
            response[OFFLINE_HEADER] = f"{key}; transient" if messages_shown else key
        return response

    return wrapper
