"""`{% offline_key user %}`: the officer's key that the phone's outbox keeps reports under
(bhabin/offline.py); empty for anyone else."""

from django import template

from bhabin.offline import offline_key as _offline_key

register = template.Library()


@register.simple_tag
def offline_key(user):
    # The 500 page renders without a request, so without a user.
    if not getattr(user, "is_authenticated", False):
        return ""
    return _offline_key(user) or ""
