"""An operator (not allowed to see people involved) reads an incident's admin history without
their names (issue 16, item 4)."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from conflicts.models import Incident
from personnel.models import User
from tests.factories import IncidentFactory, UserFactory


@pytest.fixture
def incident_with_logged_person(polsek_a, superuser_a):
    incident = IncidentFactory(unit=polsek_a)
    LogEntry.objects.create(
        user=superuser_a,
        content_type=ContentType.objects.get_for_model(Incident),
        object_id=str(incident.pk),
        object_repr=str(incident),
        action_flag=CHANGE,
        change_message=json.dumps(
            [{"added": {"name": "involvement", "object": "Joko Provokator (provocateur)"}}]
        ),
    )
    return incident


@pytest.fixture
def superuser_a(polsek_a):
    return UserFactory(username="root_a", role=User.Role.ADMIN, unit=polsek_a, is_superuser=True)


def history(client, user, incident):
    client.force_login(user)
    return client.get(reverse("admin:conflicts_incident_history", args=[incident.pk]))


def test_an_operator_reads_the_history_without_the_names(
    client, operator_a, incident_with_logged_person
):
    response = history(client, operator_a, incident_with_logged_person)

    assert response.status_code == 200
    assert "Joko" not in response.content.decode()
    assert len(response.context["action_list"]) == 1  # what was done is still shown


def test_an_administrator_allowed_to_see_people_reads_the_names(
    client, polsek_a, incident_with_logged_person
):
    admin_a = UserFactory(username="admin_a", role=User.Role.ADMIN, unit=polsek_a)

    response = history(client, admin_a, incident_with_logged_person)

    assert "Joko Provokator" in response.content.decode()
