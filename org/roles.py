"""Who may do what: the one home of every "may this user ..." question.

The role decides *what* a user may do; `visible_to` (org/scoping.py) decides *where*. Views,
the admin, services and templates (through the `may` context variable) ask here and nowhere
else, so a role's rights are read in one table.

Every answer is deny by default: no user, an anonymous or inactive user, or a user without a
unit may do nothing; a superuser may do everything.
"""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The one role of a user (`personnel.User.role`)."""

    OFFICER = "officer", _("Officer (Bhabinkamtibmas)")
    KAPOLSEK = "kapolsek", _("Kapolsek")
    KASAT_BINMAS = "kasat_binmas", _("Kasat Binmas")
    OPERATOR = "operator", _("Operator (staff)")
    LEADERSHIP = "leadership", _("Leadership (read-only)")
    ADMIN = "admin", _("Administrator")


OFFICER, KAPOLSEK, KASAT, OPERATOR, LEADERSHIP, ADMIN = (
    Role.OFFICER,
    Role.KAPOLSEK,
    Role.KASAT_BINMAS,
    Role.OPERATOR,
    Role.LEADERSHIP,
    Role.ADMIN,
)
COMMANDERS = frozenset({KAPOLSEK, KASAT, LEADERSHIP, ADMIN, OPERATOR})

# The table: each right and the roles that have it. A superuser has every right.
RIGHTS = {
    # The admin site: raw data, scoped to the unit.
    "use_admin": frozenset({ADMIN, OPERATOR}),
    # Accept or return field reports in the review inbox.
    "review": frozenset({KAPOLSEK, KASAT}),
    # Make and change the visit schedule of a unit.
    "plan_schedules": frozenset({KAPOLSEK, KASAT, ADMIN}),
    # Names and details of people involved in incidents (UU PDP 27/2022: criminal records are
    # specific personal data). Everyone else sees incidents without them, or masked.
    "see_people_involved": frozenset({KAPOLSEK, KASAT, ADMIN}),
    # Unit figures: dashboards, recap tables, monthly reports.
    "read_unit_figures": frozenset({KAPOLSEK, KASAT, OPERATOR, LEADERSHIP, ADMIN}),
    # Write MOTUL plans (an officer plans the activities of their own area).
    "write_motul_plans": frozenset({OFFICER, KAPOLSEK, KASAT, OPERATOR, ADMIN}),
    # The optimisation reports and what-if.
    "optimise": frozenset({KAPOLSEK, KASAT, LEADERSHIP, ADMIN}),
    # Upload spreadsheets and confirm their import.
    "import_sheets": frozenset({OPERATOR, ADMIN, KASAT}),
    # The data-quality findings.
    "read_data_quality": frozenset({OPERATOR, ADMIN, KASAT, LEADERSHIP}),
    # Reference data shared by every unit (activities, categories, holidays, Kemendagri codes).
    "edit_reference_data": frozenset({ADMIN}),
}

# What each role may do to the rows of the domain models in the admin (django permissions,
# granted by personnel.backends.RoleBackend); `visible_to` then decides which rows.
MODEL_ACTIONS = {
    ADMIN: frozenset({"view", "add", "change", "delete"}),
    OPERATOR: frozenset({"view", "add", "change", "delete"}),
    KASAT: frozenset({"view"}),
    LEADERSHIP: frozenset({"view"}),
    KAPOLSEK: frozenset({"view"}),
    OFFICER: frozenset(),
}
# Models only an administrator may write: the accounts themselves.
ADMIN_ONLY_MODELS = frozenset({"personnel.user"})


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def has_right(user, right):
    """Whether the user has one of the rights in RIGHTS."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.unit_id is not None and user.role in RIGHTS[right]


def is_officer(user):
    """A Bhabinkamtibmas officer: sees only their own field work."""
    return _active(user) and user.role == OFFICER and not user.is_superuser


def may_use_admin(user):
    return has_right(user, "use_admin")


def may_review(user):
    return has_right(user, "review")


def may_plan_schedules(user):
    return has_right(user, "plan_schedules")


def may_see_people_involved(user):
    return has_right(user, "see_people_involved")


def may_read_unit_figures(user):
    """Dashboards, recap tables and monthly reports."""
    return has_right(user, "read_unit_figures")


def may_write_motul_plans(user):
    return has_right(user, "write_motul_plans")


def may_optimise(user):
    return has_right(user, "optimise")


def may_import(user):
    return has_right(user, "import_sheets")


def may_read_data_quality(user):
    return has_right(user, "read_data_quality")


def may_edit_reference_data(user):
    """Reference data is shared by the whole Polda: written at the top unit (or by superusers),
    never by a Polres or Polsek administrator, whose change would reach every other unit."""
    if not has_right(user, "edit_reference_data"):
        return False
    return user.is_superuser or user.unit.parent_id is None


# The month ladder (monthly/approval.py): each signer's level. A step is undone only by the same
# level or a higher one, in the unit or above it. Signing is a person's act in the chain of
# command: a superuser or administrator without one of these roles signs nothing.
LADDER_LEVELS = {KAPOLSEK: 1, KASAT: 2, LEADERSHIP: 3}
POLSEK_APPROVAL, POLRES_APPROVAL, LEADERSHIP_ACCEPTANCE = 1, 2, 3


def _ladder_level(user):
    if not _active(user) or user.unit_id is None:
        return 0
    return LADDER_LEVELS.get(user.role, 0)


def month_step_level(unit, to_state):
    """The level of the step that brought a unit's month to `to_state` ("approved" or
    "accepted")."""
    if to_state == "accepted":
        return LEADERSHIP_ACCEPTANCE
    return POLSEK_APPROVAL if unit.level == "polsek" else POLRES_APPROVAL


def may_approve_month(user, unit):
    """The Kapolsek approves their own Polsek's month; the Kasat Binmas their own Polres's."""
    level = _ladder_level(user)
    if unit.level == "polsek":
        return level == 1 and user.unit_id == unit.pk
    if unit.level == "polres":
        return level == 2 and user.unit_id == unit.pk
    return False


def may_accept_month(user, unit):
    """Leadership of the Polres (or above it) accepts an approved Polres month, when the
    acceptance step is in use (settings.MONTH_LEADERSHIP_ACCEPTANCE)."""
    return (
        settings.MONTH_LEADERSHIP_ACCEPTANCE
        and unit.level == "polres"
        and _ladder_level(user) == LEADERSHIP_ACCEPTANCE
        and user.unit.contains(unit)
    )


def may_undo_month_step(user, unit, level):
    """Undo a step of `level` on a unit's month: the same level or higher, at the unit or above."""
    return _ladder_level(user) >= level > 0 and user.unit.contains(unit)


def may_see_month_approvals(user):
    """The "Persetujuan bulanan" page: the signers of the ladder."""
    return _ladder_level(user) > 0


def model_actions(user, model_label):
    """The admin actions ("view", "add", ...) the user's role allows on a model."""
    if not _active(user) or user.unit_id is None:
        return frozenset()
    actions = MODEL_ACTIONS.get(user.role, frozenset())
    if model_label in ADMIN_ONLY_MODELS and user.role != ADMIN:
        return frozenset()
    return actions


class Abilities:
    """The answers for one user, for templates: `{% if may.review %}`. Each is computed once."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def use_admin(self):
        return may_use_admin(self.user)

    @cached_property
    def review(self):
        return may_review(self.user)

    @cached_property
    def plan_schedules(self):
        return may_plan_schedules(self.user)

    @cached_property
    def see_people_involved(self):
        return may_see_people_involved(self.user)

    @cached_property
    def read_unit_figures(self):
        return may_read_unit_figures(self.user)

    @cached_property
    def write_motul_plans(self):
        return may_write_motul_plans(self.user)

    @cached_property
    def optimise(self):
        return may_optimise(self.user)

    @cached_property
    def import_sheets(self):
        return may_import(self.user)

    @cached_property
    def month_approvals(self):
        return may_see_month_approvals(self.user)

    @cached_property
    def read_data_quality(self):
        return may_read_data_quality(self.user)


def abilities(request):
    """Context processor: `may`, the user's rights, for templates."""
    return {"may": Abilities(getattr(request, "user", None))}
