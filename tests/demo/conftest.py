"""The seeded Polres Metro Bekasi demo for every test in tests/demo/.

`python manage.py seed_demo` runs once, when the first test of this package needs the database:
`django_db_setup` is overridden here to call the original (create the test database) and then
the command. The seed sits in an outer transaction that is rolled back when the package's tests
are done, so tests elsewhere in the same session never see the demo rows.

Use it with the normal `db` fixture (or `demo_db`, which requests `db` and returns the Polres):
each test runs in a savepoint inside that outer transaction and its own writes are rolled back.
Do not use `transactional_db` or `django_db(transaction=True)` here: they flush tables.
"""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from org.models import PoliceUnit


@pytest.fixture(scope="package")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo_db(db):
    """The seeded demo; returns Polres Metro Bekasi."""
    return PoliceUnit.objects.get(code="PMJ-BKS")
