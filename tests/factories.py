"""Factories for the domain; each builds the smallest valid object."""

import datetime

import factory
from django.utils import timezone

from bhabin.models import Activity, Assignment, AssistedArea, EarlyWarning, ProblemCase, Visit
from bhabin.services import field_reports_import
from conflicts.models import ConflictCategory, Incident
from conflicts.services import incident_save
from org.models import PoliceUnit
from org.scoping import COMMAND_LINE
from org.services import unit_save
from personnel.models import Officer, User


def unit_named(code, name, level, parent=None):
    """The unit of this code, created through the unit service (which gives it its tree path)."""
    existing = PoliceUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    unit = PoliceUnit(code=code, name=name, level=level, parent=parent)
    return unit_save(unit=unit, actor=COMMAND_LINE)


def _test_polres():
    polda = unit_named("TEST-POLDA", "Polda Uji", PoliceUnit.Level.POLDA)
    return unit_named("TEST-POLRES", "Polres Uji", PoliceUnit.Level.POLRES, polda)


class PoliceUnitFactory(factory.django.DjangoModelFactory):
    """A unit (by default a Polsek of the test Polres), through the unit service; a unit whose
    code exists already is returned as it is."""

    class Meta:
        model = PoliceUnit

    code = factory.Sequence(lambda n: f"UNIT-{n}")
    name = factory.Sequence(lambda n: f"Polsek Contoh {n}")
    level = PoliceUnit.Level.POLSEK
    parent = factory.LazyFunction(_test_polres)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(code=kwargs["code"]).first()
        if existing is not None:
            return existing
        return unit_save(unit=model_class(*args, **kwargs), actor=COMMAND_LINE)


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


class FieldReportFactory(factory.django.DjangoModelFactory):
    """Field reports are stored as an import stores them (bhabin.services), which keeps the
    dashboards' aggregates; the officer's rules are the form's tests' business."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        [report] = field_reports_import(reports=[model_class(*args, **kwargs)])
        return report


class VisitFactory(FieldReportFactory):
    class Meta:
        model = Visit

    officer = factory.SubFactory(OfficerFactory)
    area = factory.SubFactory(AssistedAreaFactory, unit=factory.SelfAttribute("..officer.unit"))
    occurred_at = factory.LazyFunction(timezone.now)
    activity = factory.LazyFunction(lambda: Activity.objects.order_by("sort_order").first())
    households_visited = 5
    people_met = 8
    narrative = factory.Sequence(
        lambda n: (
            f"Sambang ke rumah warga ke-{n}, mendengarkan keluhan tentang keamanan lingkungan."
        )
    )


class EarlyWarningFactory(FieldReportFactory):
    class Meta:
        model = EarlyWarning

    officer = factory.SubFactory(OfficerFactory)
    area = factory.SubFactory(AssistedAreaFactory, unit=factory.SelfAttribute("..officer.unit"))
    reported_at = factory.LazyFunction(timezone.now)
    field = EarlyWarning.Field.SECURITY
    reliability = EarlyWarning.Reliability.B
    summary = "Ada rencana tawuran antarkampung akhir pekan ini menurut warga."


class ProblemCaseFactory(FieldReportFactory):
    class Meta:
        model = ProblemCase

    officer = factory.SubFactory(OfficerFactory)
    area = factory.SubFactory(AssistedAreaFactory, unit=factory.SelfAttribute("..officer.unit"))
    opened_on = datetime.date(2022, 5, 1)
    title = "Sengketa batas tanah"
    parties = "Dua keluarga bertetangga"
    description = "Sengketa batas tanah antara dua keluarga, dimediasi di balai desa."
    method = ProblemCase.Method.MEDIATION


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
        # Through conflicts.services, which keeps the incidents per unit and month the
        # dashboards read (and, saving one row, leaves its audit-log entry).
        return incident_save(incident=model_class(*args, **kwargs))


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
