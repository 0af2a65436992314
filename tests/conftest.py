"""Shared personas. Polres P has Polsek A and Polsek B.

alice is an officer (Bhabinkamtibmas) of Polsek A, with area_a1; kapolsek_a and operator_a belong to
Polsek A; kapolsek_b to Polsek B; kasat to the Polres; nobody has no unit. `login(user)` logs a
user in through the test client, in English.
"""

import pytest
from django.conf import settings
from django.utils import translation

from personnel.models import User
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    OfficerFactory,
    PoliceUnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def configured_language():
    """Each test starts in the configured language (Indonesian). A request through the test
    client leaves its language active in the thread (LocaleMiddleware activates it and nothing
    deactivates it), so without this a test would speak whatever language the previous one's
    last request chose: 19 failures of the suite depended on the order of the tests."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users: PBKDF2's deliberate slowness would dominate the suite's time."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # The seeded demo (tests/demo) hashed its logins before this fixture ran, with the
        # project's hasher (Argon2); older hashes are PBKDF2.
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def polsek_a(db):
    return PoliceUnitFactory(code="POLSEK-A", name="Polsek A")


@pytest.fixture
def polsek_b(db):
    return PoliceUnitFactory(code="POLSEK-B", name="Polsek B")


@pytest.fixture
def polres(polsek_a):
    return polsek_a.parent


@pytest.fixture
def area_a1(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A1")


@pytest.fixture
def area_b1(polsek_b):
    return AssistedAreaFactory(unit=polsek_b, name="Desa B1")


@pytest.fixture
def alice(polsek_a, area_a1):
    """An officer of Polsek A, assigned to area_a1."""
    officer = OfficerFactory(unit=polsek_a, name="Alice")
    AssignmentFactory(officer=officer, area=area_a1)
    return UserFactory(username="alice", role=User.Role.OFFICER, unit=polsek_a, officer=officer)


@pytest.fixture
def bob(polsek_b, area_b1):
    """An officer of Polsek B, assigned to area_b1."""
    officer = OfficerFactory(unit=polsek_b, name="Bob")
    AssignmentFactory(officer=officer, area=area_b1)
    return UserFactory(username="bob", role=User.Role.OFFICER, unit=polsek_b, officer=officer)


@pytest.fixture
def kapolsek_a(polsek_a):
    return UserFactory(username="kapolsek_a", role=User.Role.KAPOLSEK, unit=polsek_a)


@pytest.fixture
def kapolsek_b(polsek_b):
    return UserFactory(username="kapolsek_b", role=User.Role.KAPOLSEK, unit=polsek_b)


@pytest.fixture
def operator_a(polsek_a):
    return UserFactory(username="operator_a", role=User.Role.OPERATOR, unit=polsek_a)


@pytest.fixture
def kasat(polres):
    return UserFactory(username="kasat", role=User.Role.KASAT_BINMAS, unit=polres)


@pytest.fixture
def nobody(db):
    """A user whose account has no unit."""
    return UserFactory(username="nobody", role=User.Role.KAPOLSEK, unit=None)


@pytest.fixture
def login(client):
    """Log a user in, in English so that assertions on page text do not depend on translations."""

    def _login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _login


@pytest.fixture
def activity(db):
    """The first activity of the catalogue (loaded by a data migration)."""
    from bhabin.models import Activity

    return Activity.objects.order_by("sort_order").first()
