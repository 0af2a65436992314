"""Assisted areas and what is in them (community figures, poskamling), and who is posted there."""

from django.db import models
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.scoping import ScopedQuerySet


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
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    region = models.ForeignKey(
        "org.Region",
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
        return reverse("dashboard:area", args=[self.pk])


class StrengthRecapQuerySet(ScopedQuerySet):
    unit_path = "unit"


class StrengthRecap(models.Model):
    """A unit's Bhabinkamtibmas strength as it reported it (areas, officers), kept to compare."""

    unit = models.OneToOneField(
        "org.PoliceUnit",
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
        """The assignments in force on a day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)

    def active_primary(self, on=None):
        """The active primary assignments: one per area at most, the area's own officer."""
        return self.active(on).filter(role=Assignment.Role.PRIMARY)

    def primary_of(self, area=None, on=None):
        """The area's active primary assignment, newest first; `area` defaults to the outer
        query's row (`OuterRef("pk")`), for `Exists(...)` or `Subquery(....values(...)[:1])`
        on a queryset of areas."""
        area = OuterRef("pk") if area is None else area
        return self.active_primary(on).filter(area=area).order_by("-start_date")


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
