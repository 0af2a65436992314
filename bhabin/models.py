"""Units, places, assignments, field work and MOTUL plans."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bhabin.scoping import ReferenceQuerySet, ScopedQuerySet, subtree_condition


class PoliceUnitQuerySet(ScopedQuerySet):
    """Units; writes that bypass `save()` (bulk writes, `update`) rebuild the tree paths."""

    unit_path = "id"

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self._tree_changed()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        updated = super().bulk_update(objs, fields, *args, **kwargs)
        if {"parent", "parent_id", "path"} & set(fields):
            self._tree_changed()
        return updated

    def update(self, **kwargs):
        updated = super().update(**kwargs)
        if {"parent", "parent_id", "path"} & set(kwargs):
            self._tree_changed()
        return updated

    update.alters_data = True

    def _tree_changed(self):
        if rebuild_unit_paths(self.model):
            _unit_moved()


def unit_paths(parents):
    """The tree path of every unit, given {unit id: parent id or None}: "/<root id>/.../<id>/".

    A unit whose parents lead round in a circle gets no path (""), so it sees nothing.
    """
    paths = {}
    for unit_id in parents:
        chain, current = [], unit_id
        while current is not None and current not in paths and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current is not None and current in chain:
            for member in chain:
                paths[member] = ""
            continue
        prefix = "/" if current is None else paths[current]
        for member in reversed(chain):
            prefix = f"{prefix}{member}/" if prefix else ""
            paths[member] = prefix
    return paths


def rebuild_unit_paths(model):
    """Recompute every unit's path from the parent links; write only those that changed, and
    return how many of the changed ones had a path before (units moved, not just created).
    Two queries (read, one bulk update), also usable from a migration with its historical model."""
    rows = list(model._base_manager.values_list("pk", "parent_id", "path"))
    paths = unit_paths({pk: parent_id for pk, parent_id, _ in rows})
    changed = [(pk, path) for pk, _, path in rows if paths[pk] != path]
    model._base_manager.bulk_update(
        [model(pk=pk, path=paths[pk]) for pk, _ in changed], ["path"], batch_size=500
    )
    return sum(1 for _, path in changed if path)


def _unit_moved():
    """A unit moved to another parent: the incident totals of the units above it are wrong."""
    from reports.aggregates import incident_months_rebuild

    incident_months_rebuild()


class PoliceUnit(models.Model):
    """A police unit in the tree Polda -> Polres -> Polsek."""

    class Level(models.TextChoices):
        POLDA = "polda", _("Polda")
        POLRES = "polres", _("Polres")
        POLSEK = "polsek", _("Polsek")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    letterhead_name = models.CharField(
        _("letterhead name"),
        max_length=120,
        blank=True,
        help_text=_("The unit's line on the letterhead, e.g. RESOR METRO BEKASI."),
    )
    kecamatan = models.ManyToManyField(
        "bhabin.Region",
        verbose_name=_("kecamatan covered"),
        blank=True,
        limit_choices_to={"level": "kecamatan"},
        related_name="police_units",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The ids from the top unit down to this one, "/1/5/42/": the units below a unit are those
    # whose path starts with its path, one indexed condition instead of a list of ids. Kept by
    # `save()` and by the queryset's bulk writes; never edited by hand.
    path = models.CharField(
        _("tree path"), max_length=255, default="", editable=False, db_index=True
    )

    objects = PoliceUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="polda", parent__isnull=True) | Q(parent__isnull=False),
                name="unit_below_polda_has_parent",
                violation_error_message=_("Every unit below a Polda needs a parent unit."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._place_in_tree()

    def get_absolute_url(self):
        return reverse("unit-detail", args=[self.code])

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and self.path:
            parent_path = PoliceUnit._base_manager.filter(pk=self.parent_id).values_list(
                "path", flat=True
            )
            if any(path.startswith(self.path) for path in parent_path):
                raise ValidationError(
                    {"parent": _("A unit cannot be placed below itself or a unit under it.")}
                )

    def _place_in_tree(self):
        """Give the unit its path and move the paths of the units below it along: one query
        when the path is unchanged, two for a new unit; a unit that moved also rebuilds the
        incident totals, whose rows for the units above it no longer add up."""
        manager = PoliceUnit._base_manager
        known = dict(manager.filter(pk__in=[self.pk, self.parent_id]).values_list("pk", "path"))
        old = known.get(self.pk, "")
        if self.parent_id is None:
            path = f"/{self.pk}/"
        else:
            parent_path = known.get(self.parent_id, "")
            if not parent_path or (old and parent_path.startswith(old)):
                # A parent without a path, or the unit itself or one below it: let the whole
                # tree be recomputed, which leaves a circle without a path (seeing nothing).
                if rebuild_unit_paths(PoliceUnit):
                    _unit_moved()
                self.path = manager.get(pk=self.pk).path
                return
            path = f"{parent_path}{self.pk}/"
        if path != old:
            moved = manager.filter(pk=self.pk) if not old else manager.filter(path__startswith=old)
            moved.update(path=Concat(Value(path), Substr("path", len(old) + 1)))
            if old:
                _unit_moved()
        self.path = path

    def subtree(self, relation="unit"):
        """A filter for the rows of this unit and the units below it, through the relation
        path to their unit (e.g. "area__unit"; "id" for units themselves)."""
        return subtree_condition(self, relation)


class Region(models.Model):
    """A Kemendagri administrative region: kabupaten, kecamatan, desa or kelurahan."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kemendagri region")
        verbose_name_plural = _("Kemendagri regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[12][0-9]{3})?)?)?$"),
                name="region_code_is_kemendagri_format",
                violation_error_message=_("A Kemendagri code looks like 32.16.01.2001."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class AssistedAreaQuerySet(ScopedQuerySet):
    unit_path = "unit"


class AssistedArea(models.Model):
    """A wilayah binaan: a desa/kelurahan, or a part of one (a housing or industrial estate)."""

    class Kind(models.TextChoices):
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        KAWASAN = "kawasan", _("Estate (kawasan)")

    class KakerdaLevel(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_(
            "The Kemendagri code for a desa/kelurahan; "
            "the code of its desa plus a suffix for an estate."
        ),
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        PoliceUnit, verbose_name=_("police unit"), on_delete=models.PROTECT, related_name="areas"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assisted_areas",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    kakerda_level = models.CharField(
        _("vulnerability (Kakerda) level"),
        max_length=10,
        choices=KakerdaLevel.choices,
        default=KakerdaLevel.LOW,
    )
    kakerda_notes = models.TextField(_("vulnerability (Kakerda) notes"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = AssistedAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("assisted area")
        verbose_name_plural = _("assisted areas")
        ordering = ["unit__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="assisted_area_name_unique_per_unit",
                violation_error_message=_("This unit already has an assisted area of that name."),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_km2__gte=0),
                name="assisted_area_km2_not_negative",
                violation_error_message=_("Area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="assisted_area_coordinates_valid",
                violation_error_message=_("Give both coordinates, within range, or neither."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("area-detail", args=[self.pk])


class StrengthRecapQuerySet(ScopedQuerySet):
    unit_path = "unit"


class StrengthRecap(models.Model):
    """A unit's Bhabinkamtibmas strength as it reported it (areas, officers), kept to compare."""

    unit = models.OneToOneField(
        PoliceUnit,
        verbose_name=_("police unit"),
        on_delete=models.CASCADE,
        related_name="strength_recap",
    )
    areas = models.PositiveIntegerField(_("assisted areas reported"))
    officers = models.PositiveIntegerField(_("officers reported"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = StrengthRecapQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported strength recap")
        verbose_name_plural = _("reported strength recaps")
        ordering = ["unit__sort_order"]

    def __str__(self):
        return f"{self.unit}: {self.areas} / {self.officers}"


class CommunityFigureQuerySet(ScopedQuerySet):
    unit_path = "area__unit"


class CommunityFigure(models.Model):
    """A religious, community, youth or customary leader in an assisted area."""

    class Role(models.TextChoices):
        RELIGIOUS = "religious", _("Religious leader")
        COMMUNITY = "community", _("Community leader")
        YOUTH = "youth", _("Youth leader")
        CUSTOMARY = "customary", _("Customary leader")

    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.CASCADE,
        related_name="community_figures",
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = CommunityFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("community figure")
        verbose_name_plural = _("community figures")
        ordering = ["area", "role", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class SecurityPostQuerySet(ScopedQuerySet):
    unit_path = "area__unit"


class SecurityPost(models.Model):
    """A poskamling (neighbourhood security post) in an assisted area."""

    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.CASCADE,
        related_name="security_posts",
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = SecurityPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("security post (poskamling)")
        verbose_name_plural = _("security posts (poskamling)")
        ordering = ["area", "name"]

    def __str__(self):
        return self.name


class AssignmentQuerySet(ScopedQuerySet):
    unit_path = "area__unit"
    officer_path = "officer"

    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class Assignment(models.Model):
    """An officer's assignment to an assisted area over a period."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        ADDITIONAL = "additional", _("Additional")

    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PRIMARY)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["area", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(role="primary", end_date__isnull=True),
                name="one_active_primary_officer_per_area",
                violation_error_message=_("This area already has an active primary officer."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_ends_after_it_starts",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.officer} - {self.area}"


class Activity(models.Model):
    """A Bhabinkamtibmas duty (Perkap 3/2015), kept as editable data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


def visit_photo_path(instance, filename):
    """A random name: the uploaded name says nothing about the file and is never reused."""
    return f"visit-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class VisitQuerySet(ScopedQuerySet):
    unit_path = "area__unit"
    officer_path = "officer"


class Visit(models.Model):
    """A village visit (sambang) logged by an officer."""

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("Admin")

    client_id = models.UUIDField(
        _("client id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Generated on the phone, so that a retried submission is stored once."),
    )
    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    occurred_at = models.DateTimeField(_("time of visit"))
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="visits"
    )
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    people_met = models.PositiveIntegerField(_("people met"), default=0)
    complaints = models.TextField(_("complaints and aspirations heard"), blank=True)
    narrative = models.TextField(_("narrative"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accuracy_m = models.PositiveIntegerField(_("GPS accuracy (m)"), null=True, blank=True)
    community_figures = models.ManyToManyField(
        CommunityFigure,
        verbose_name=_("community figures met"),
        blank=True,
        related_name="visits",
    )
    # Served only through the visit-photo view, which checks that the user may see the visit.
    photo = models.FileField(_("photo"), upload_to=visit_photo_path, blank=True, max_length=200)
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["area", "occurred_at"], name="visit_area_time_idx"),
            models.Index(fields=["officer", "occurred_at"], name="visit_officer_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="visit_coordinates_valid",
                violation_error_message=_("Give both coordinates, within range, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.occurred_at:%Y-%m-%d} ({self.officer})"

    def get_absolute_url(self):
        return reverse("visit-detail", args=[self.pk])


def _open_items_changed(area_ids):
    from reports.aggregates import open_items_changed

    open_items_changed(area_ids)


class OpenItemQuerySet(ScopedQuerySet):
    """Early warnings and problem-solving cases. The dashboards read each area's open ones from
    `reports.AreaOpenItems`: writes that bypass `save()` and `delete()` recount the areas too."""

    unit_path = "area__unit"
    officer_path = "officer"

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _open_items_changed({obj.area_id for obj in created})
        return created

    def update(self, **kwargs):
        if not {"state", "area", "area_id"} & set(kwargs):
            return super().update(**kwargs)
        areas = set(self.values_list("area_id", flat=True))
        updated = super().update(**kwargs)
        moved_to = kwargs.get("area_id", getattr(kwargs.get("area"), "pk", None))
        _open_items_changed(areas | {moved_to})
        return updated

    update.alters_data = True

    def delete(self):
        areas = set(self.values_list("area_id", flat=True))
        deleted = super().delete()
        _open_items_changed(areas)
        return deleted

    delete.alters_data = True


class OpenItem:
    """Saving or deleting an early warning or a case recounts the open ones of its area (and of
    the area it left)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        item._stored_area_id = item.__dict__.get("area_id")
        return item

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"state", "area", "area_id"} & set(fields):
            _open_items_changed({self.area_id, getattr(self, "_stored_area_id", None)})
        self._stored_area_id = self.area_id

    def delete(self, *args, **kwargs):
        area_id = self.area_id
        deleted = super().delete(*args, **kwargs)
        _open_items_changed({area_id, getattr(self, "_stored_area_id", None)})
        return deleted


class EarlyWarningQuerySet(OpenItemQuerySet):
    pass


class EarlyWarning(OpenItem, models.Model):
    """An early-detection report (laporan deteksi dini)."""

    class Field(models.TextChoices):
        ECONOMY = "economy", _("Economy")
        SECURITY = "security", _("Security")
        POLITICS = "politics", _("Politics")
        SOCIO_CULTURAL = "socio_cultural", _("Socio-cultural")

    class Reliability(models.TextChoices):
        A = "A", _("A - completely reliable")
        B = "B", _("B - usually reliable")
        C = "C", _("C - fairly reliable")
        D = "D", _("D - not usually reliable")
        E = "E", _("E - unreliable")
        F = "F", _("F - reliability cannot be judged")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    client_id = models.UUIDField(
        _("client id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Generated on the phone, so that a retried submission is stored once."),
    )
    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="early_warnings",
    )
    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.PROTECT,
        related_name="early_warnings",
    )
    reported_at = models.DateTimeField(_("reported at"))
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    reliability = models.CharField(
        _("reliability grade"), max_length=1, choices=Reliability.choices
    )
    summary = models.TextField(_("what was detected"))
    recommendation = models.TextField(_("recommended action"), blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )

    objects = EarlyWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("early-detection report")
        verbose_name_plural = _("early-detection reports")
        ordering = ["-reported_at"]
        indexes = [
            # Partial: the dashboards ask only for open reports (the latest ten, counts per
            # unit), and closed ones pile up for ever. The area makes the counts index-only.
            models.Index(
                fields=["reported_at", "area"],
                condition=Q(state="open"),
                name="early_warning_open",
            ),
            # The open rows per area, counted by index alone on a dashboard.
            models.Index(
                fields=["area"], condition=Q(state="open"), name="early_warning_open_area"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.reported_at:%Y-%m-%d} ({self.get_field_display()})"

    def get_absolute_url(self):
        return reverse("early-warning-detail", args=[self.pk])


class ProblemCaseQuerySet(OpenItemQuerySet):
    pass


class ProblemCase(OpenItem, models.Model):
    """A problem-solving or mediation case handled by an officer."""

    class Method(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        MEDIATION = "mediation", _("Mediation")
        NEGOTIATION = "negotiation", _("Negotiation")
        FACILITATION = "facilitation", _("Facilitation")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        REFERRED = "referred", _("Referred to law enforcement")

    client_id = models.UUIDField(
        _("client id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Generated on the phone, so that a retried submission is stored once."),
    )
    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="problem_cases",
    )
    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.PROTECT,
        related_name="problem_cases",
    )
    opened_on = models.DateField(_("opened on"))
    title = models.CharField(_("title"), max_length=200)
    parties = models.TextField(_("parties"))
    description = models.TextField(_("description"))
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )

    objects = ProblemCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem-solving case")
        verbose_name_plural = _("problem-solving cases")
        ordering = ["-opened_on"]
        indexes = [
            # Partial, as for EarlyWarning: the dashboards read only the open cases.
            models.Index(
                fields=["opened_on", "area"],
                condition=Q(state="open"),
                name="problem_case_open",
            ),
            # The open rows per area, counted by index alone on a dashboard.
            models.Index(fields=["area"], condition=Q(state="open"), name="problem_case_open_area"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="problem_case_closes_after_it_opens",
                violation_error_message=_("A case cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("problem-case-detail", args=[self.pk])


class ReviewEventQuerySet(ScopedQuerySet):
    """Events are visible with their item: the same unit or officer paths, through each kind."""

    ITEM_FIELDS = ("visit", "early_warning", "problem_case")

    def scope_condition(self, user):
        condition = Q()
        for item in self.ITEM_FIELDS:
            if user.is_officer:
                if user.officer_id is None:
                    return None
                condition |= Q(**{f"{item}__officer": user.officer_id})
            else:
                condition |= subtree_condition(user.unit, f"{item}__area__unit")
        return condition


class ReviewEvent(models.Model):
    """One step in the review of a field report: submitted, accepted, returned, resubmitted."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for correction")
        RESUBMITTED = "resubmitted", _("Corrected and resubmitted")

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_events",
    )
    early_warning = models.ForeignKey(
        EarlyWarning,
        verbose_name=_("early-detection report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_events",
    )
    problem_case = models.ForeignKey(
        ProblemCase,
        verbose_name=_("problem-solving case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_events",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    visit__isnull=False, early_warning__isnull=True, problem_case__isnull=True
                )
                | Q(visit__isnull=True, early_warning__isnull=False, problem_case__isnull=True)
                | Q(visit__isnull=True, early_warning__isnull=True, problem_case__isnull=False),
                name="review_event_has_one_item",
                violation_error_message=_("A review event belongs to exactly one report."),
            ),
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(comment=""),
                name="review_event_return_has_comment",
                violation_error_message=_("Say what must be corrected when returning a report."),
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class VisitScheduleQuerySet(ScopedQuerySet):
    unit_path = "area__unit"
    officer_path = "officer"


class VisitSchedule(models.Model):
    """A planned visit of an officer to an assisted area on a day."""

    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="schedule",
    )
    area = models.ForeignKey(
        AssistedArea,
        verbose_name=_("assisted area"),
        on_delete=models.CASCADE,
        related_name="schedule",
    )
    planned_on = models.DateField(_("planned date"))
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = VisitScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduled visit")
        verbose_name_plural = _("visit schedule")
        ordering = ["planned_on", "officer"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "area", "planned_on"],
                name="one_scheduled_visit_per_officer_area_day",
                violation_error_message=_("This visit is already scheduled."),
            ),
        ]

    def __str__(self):
        return f"{self.planned_on} {self.area} ({self.officer})"


class MotulStep(models.Model):
    """One of the seven MOTUL steps, kept as editable data."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("MOTUL step")
        verbose_name_plural = _("MOTUL steps")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class MotulPlanQuerySet(ScopedQuerySet):
    unit_path = "unit"


class MotulPlan(models.Model):
    """A planned activity prepared with the seven-step operational management (MOTUL)."""

    unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="motul_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    planned_on = models.DateField(_("planned date"))
    areas = models.ManyToManyField(
        AssistedArea, verbose_name=_("assisted areas"), related_name="motul_plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MotulPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("MOTUL plan")
        verbose_name_plural = _("MOTUL plans")
        ordering = ["-planned_on"]

    def __str__(self):
        return self.title


class MotulPlanStepQuerySet(ScopedQuerySet):
    unit_path = "plan__unit"


class MotulPlanStep(models.Model):
    """What a MOTUL plan says under one step."""

    plan = models.ForeignKey(
        MotulPlan, verbose_name=_("MOTUL plan"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.ForeignKey(MotulStep, verbose_name=_("step"), on_delete=models.PROTECT)
    content = models.TextField(_("content"), blank=True)

    objects = MotulPlanStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("MOTUL plan step")
        verbose_name_plural = _("MOTUL plan steps")
        ordering = ["plan", "step__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "step"],
                name="one_entry_per_motul_step",
                violation_error_message=_("This plan already has this step."),
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.step}"
