"""Factories for the domain; each builds the smallest valid object."""

import datetime

import factory
from django.utils import timezone

from bhabin.models import Activity, Assignment, AssistedArea, PoliceUnit, Visit
from conflicts.models import ConflictCategory, Incident
from personnel.models import Officer, User
from reports.aggregates import incidents_changed


class PoliceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"UNIT-{n}")
    name = factory.Sequence(lambda n: f"Polsek Contoh {n}")
    level = PoliceUnit.Level.POLSEK
    parent = factory.LazyFunction(
        lambda: PoliceUnit.objects.get_or_create(
            code="TEST-POLRES",
            defaults={
                "name": "Polres Uji",
                "level": PoliceUnit.Level.POLRES,
                "parent": PoliceUnit.objects.get_or_create(
                    code="TEST-POLDA",
                    defaults={"name": "Polda Uji", "level": PoliceUnit.Level.POLDA},
                )[0],
            },
        )[0]
    )


class AssistedAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistedArea

    code = factory.Sequence(lambda n: f"99.99.99.{2000 + n}")
    name = factory.Sequence(lambda n: f"Desa Contoh {n}")
    kind = AssistedArea.Kind.DESA
    unit = factory.SubFactory(PoliceUnitFactory)
    population = 5000
    households = 1500


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    nrp = factory.Sequence(lambda n: f"{80000000 + n:08d}")
    name = factory.Sequence(lambda n: f"Petugas {n}")
    rank = "BRIPKA"
    unit = factory.SubFactory(PoliceUnitFactory)
    phone = "+6281234567890"
    education = Officer.Education.SMA


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    officer = factory.SubFactory(OfficerFactory)
    area = factory.SubFactory(AssistedAreaFactory, unit=factory.SelfAttribute("..officer.unit"))
    start_date = datetime.date(2022, 1, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    officer = factory.SubFactory(OfficerFactory)
    area = factory.SubFactory(AssistedAreaFactory, unit=factory.SelfAttribute("..officer.unit"))
    occurred_at = factory.LazyFunction(timezone.now)
    activity = factory.LazyFunction(lambda: Activity.objects.order_by("sort_order").first())
    households_visited = 5
    people_met = 8
    narrative = "Sambang ke rumah warga, mendengarkan keluhan tentang keamanan lingkungan."


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    reference = factory.Sequence(lambda n: f"TEST-{n}")
    unit = factory.SubFactory(PoliceUnitFactory)
    occurred_on = datetime.date(2022, 5, 1)
    place = "Lapangan desa"
    category = factory.LazyFunction(lambda: ConflictCategory.objects.order_by("sort_order").first())
    handling = Incident.Handling.MEDIATION

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the importer and the admin do: the dashboards read the monthly incident totals.
        incident = super()._create(model_class, *args, **kwargs)
        incidents_changed(unit_dates=[(incident.unit_id, incident.occurred_on)])
        return incident


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.KAPOLSEK
    unit = factory.SubFactory(PoliceUnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
