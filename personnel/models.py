"""Officers, their training, competencies and other duties, and the users who log in."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org import roles
from org.scoping import ReferenceQuerySet, ScopedQuerySet


class Rank(models.TextChoices):
    """Polri ranks, lowest first. Brigpol and Brigadir are one rank."""

    BHARADA = "BHARADA", _("Bharada")
    BHARATU = "BHARATU", _("Bharatu")
    BHARAKA = "BHARAKA", _("Bharaka")
    ABRIP = "ABRIP", _("Abrip")
    ABRIPTU = "ABRIPTU", _("Abriptu")
    ABRIPDA = "ABRIPDA", _("Abripda")
    BRIPDA = "BRIPDA", _("Bripda")
    BRIPTU = "BRIPTU", _("Briptu")
    BRIGPOL = "BRIGPOL", _("Brigpol (Brigadir)")
    BRIPKA = "BRIPKA", _("Bripka")
    AIPDA = "AIPDA", _("Aipda")
    AIPTU = "AIPTU", _("Aiptu")
    IPDA = "IPDA", _("Ipda")
    IPTU = "IPTU", _("Iptu")
    AKP = "AKP", _("AKP")
    KOMPOL = "KOMPOL", _("Kompol")
    AKBP = "AKBP", _("AKBP")
    KOMBES = "KOMBES", _("Kombes Pol")
    BRIGJEN = "BRIGJEN", _("Brigjen Pol")
    IRJEN = "IRJEN", _("Irjen Pol")
    KOMJEN = "KOMJEN", _("Komjen Pol")
    JENDERAL = "JENDERAL", _("Jenderal Pol")


class OfficerQuerySet(ScopedQuerySet):
    unit_path = "unit"
    officer_path = "pk"

    def bhabin(self):
        return self.filter(position=Officer.Position.BHABIN, is_active=True)


class Officer(models.Model):
    """A police officer, usually a Bhabinkamtibmas."""

    class Position(models.TextChoices):
        BHABIN = "bhabin", _("Bhabinkamtibmas")
        KAPOLSEK = "kapolsek", _("Kapolsek")
        KASAT_BINMAS = "kasat_binmas", _("Kasat Binmas")
        KAPOLRES = "kapolres", _("Kapolres")
        STAFF = "staff", _("Staff")

    class Education(models.TextChoices):
        SMA = "SMA", _("SMA (senior high school)")
        D3 = "D3", _("D3 (diploma)")
        S1 = "S1", _("S1 (bachelor)")
        S2 = "S2", _("S2 (master)")

    nrp = models.CharField(_("NRP"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=10, choices=Rank.choices)
    position = models.CharField(
        _("position"), max_length=14, choices=Position.choices, default=Position.BHABIN
    )
    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="officers",
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("+62 form"))
    education = models.CharField(
        _("general education (DIKUM)"), max_length=3, choices=Education.choices
    )
    dikbangspes_done = models.BooleanField(_("Binmas/Polmas dikbangspes done"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["unit__sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nrp__regex=r"^[0-9]{8}$"),
                name="officer_nrp_is_8_digits",
                violation_error_message=_("NRP is 8 digits."),
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^\+62[0-9]{8,13}$"),
                name="officer_phone_is_e164_indonesian",
                violation_error_message=_("Phone numbers are stored as +62..."),
            ),
        ]

    def __str__(self):
        return f"{self.get_rank_display()} {self.name}"

    def get_absolute_url(self):
        return reverse("dashboard:officer", args=[self.pk])


class Course(models.Model):
    """A course in the training catalogue."""

    class Kind(models.TextChoices):
        DIKBANGSPES = "dikbangspes", _("Specialisation (dikbangspes)")
        TRAINING = "training", _("Training")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("course catalogue")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class TrainingRecordQuerySet(ScopedQuerySet):
    unit_path = "officer__unit"
    officer_path = "officer"


class TrainingRecord(models.Model):
    """An officer's completion of a course."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="training"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="records"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["officer", "course"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "course"],
                name="one_record_per_officer_course",
                violation_error_message=_("This officer already has a record for this course."),
            ),
        ]

    def __str__(self):
        return f"{self.officer}: {self.course}"


class Competency(models.TextChoices):
    """The five competencies the study requires of a Bhabinkamtibmas."""

    EARLY_DETECTION = "early_detection", _("Early detection")
    SOCIAL_COMMUNICATION = "social_communication", _("Social communication")
    NEGOTIATION_MEDIATION = "negotiation_mediation", _("Negotiation and mediation")
    LEADERSHIP = "leadership", _("Leadership")
    PROBLEM_SOLVING = "problem_solving", _("Social problem solving")


class CompetencyAssessmentQuerySet(ScopedQuerySet):
    unit_path = "officer__unit"
    officer_path = "officer"


class CompetencyAssessment(models.Model):
    """An assessment of one competency of an officer, scored 1 (poor) to 5 (excellent)."""

    officer = models.ForeignKey(
        Officer,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="competency_assessments",
    )
    competency = models.CharField(_("competency"), max_length=24, choices=Competency.choices)
    assessed_on = models.DateField(_("assessed on"))
    score = models.PositiveSmallIntegerField(_("score (1-5)"))
    assessor = models.CharField(_("assessor"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = CompetencyAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["officer", "competency", "-assessed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="competency_score_1_to_5",
                violation_error_message=_("A score runs from 1 to 5."),
            ),
            models.UniqueConstraint(
                fields=["officer", "competency", "assessed_on"],
                name="one_assessment_per_competency_per_day",
                violation_error_message=_("This competency was already assessed on that day."),
            ),
        ]

    def __str__(self):
        return f"{self.officer}: {self.get_competency_display()} {self.score}"


class OtherDutyQuerySet(ScopedQuerySet):
    unit_path = "officer__unit"
    officer_path = "officer"


class OtherDuty(models.Model):
    """Hours an officer spent on duties outside Binmas (the paper's "dual duties")."""

    class Kind(models.TextChoices):
        SABHARA_PATROL = "sabhara_patrol", _("Sabhara patrol")
        MAKO_GUARD = "mako_guard", _("Mako guard")
        OTHER = "other", _("Other")

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="other_duties"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    objects = OtherDutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("other duty")
        verbose_name_plural = _("other duties")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24),
                name="other_duty_hours_within_a_day",
                violation_error_message=_("Hours run from more than 0 to 24."),
            ),
        ]

    def __str__(self):
        return f"{self.officer}: {self.get_kind_display()} {self.date}"


class CompetencyRecapQuerySet(ScopedQuerySet):
    unit_path = "unit"


class CompetencyRecap(models.Model):
    """A competency recap row as a unit reported it, kept to compare with the roster."""

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.CASCADE,
        related_name="competency_recaps",
    )
    as_of = models.DateField(_("as of"))
    officers = models.PositiveIntegerField(_("officers"))
    sma = models.PositiveIntegerField(_("SMA"))
    s1 = models.PositiveIntegerField(_("S1"))
    dikbangspes_done = models.PositiveIntegerField(_("dikbangspes done"))
    dikbangspes_not_yet = models.PositiveIntegerField(_("dikbangspes not yet"))
    training_done = models.PositiveIntegerField(_("training done"))
    training_not_yet = models.PositiveIntegerField(_("training not yet"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = CompetencyRecapQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported competency recap")
        verbose_name_plural = _("reported competency recaps")
        ordering = ["-as_of", "unit__sort_order"]
        constraints = [
            # One current reported recap per unit: a newer sheet replaces it, and importing the
            # same sheet again changes nothing. Earlier versions live in the import log.
            models.UniqueConstraint(
                fields=["unit"],
                name="one_reported_competency_recap_per_unit",
                violation_error_message=_("This unit already has a reported recap."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.as_of}"


class UserQuerySet(ScopedQuerySet):
    unit_path = "unit"
    officer_path = "officer"


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # The default role is officer, which the database refuses without an officer record
        # (officer_user_has_officer_record): a superuser is an administrator.
        extra_fields.setdefault("role", roles.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: belongs to a unit and has one role."""

    # The roles and what each may do live in org.roles.
    Role = roles.Role

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=14, choices=Role.choices, default=Role.OFFICER)
    officer = models.OneToOneField(
        Officer,
        verbose_name=_("officer record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="officer") | Q(officer__isnull=False),
                name="officer_user_has_officer_record",
                violation_error_message=_("An officer's account must be linked to their record."),
            ),
        ]

    @property
    def is_officer(self):
        return roles.is_officer(self)


class CalendarFeedQuerySet(ScopedQuerySet):
    unit_path = "officer__unit"
    officer_path = "officer"

    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """An officer's secret calendar (iCalendar) address; only a hash of its token is stored."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_officer",
                violation_error_message=_("This officer already has an active calendar address."),
            ),
        ]

    def __str__(self):
        return f"{self.officer} ({self.created_at:%Y-%m-%d})"
