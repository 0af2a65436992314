"""Field work fixtures on top of tests/conftest.py: a client in English, a valid visit POST.

alice (Polsek A, area_a1 since 2022-01-01) writes; kapolsek_a reviews; bob and kapolsek_b are the
other Polsek. Uploaded photos go to a temporary MEDIA_ROOT.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from bhabin.models import Activity

NARRATIVE = (
    "Sambang ke rumah ketua RT 03/RW 05, membahas ronda malam dan parkir liar di depan pasar."
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def local_input(when):
    """A datetime as a datetime-local field sends it."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def visit_post(db):
    """A valid visit form submission for an area; keyword arguments override fields."""

    def _visit_post(area, **overrides):
        data = {
            "client_id": str(uuid.uuid4()),
            "area": area.pk,
            "activity": Activity.objects.order_by("sort_order").first().pk,
            "occurred_at": local_input(timezone.now() - datetime.timedelta(hours=1)),
            "households_visited": 6,
            "people_met": 9,
            "complaints": "Lampu jalan mati di gang masjid.",
            "narrative": NARRATIVE,
            "follow_up": "",
            "latitude": "-6.284100",
            "longitude": "107.171200",
            "accuracy_m": "12",
        }
        data.update({key: str(value) for key, value in overrides.items()})
        return data

    return _visit_post
