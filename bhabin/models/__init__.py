"""The field work of a Bhabinkamtibmas, by sub-domain: the assisted areas and who is posted to
them (areas), the field reports and their review (field_reports), the visit schedule
(schedules), and the figures the dashboards read, derived from the reports (aggregates)."""

from bhabin.models.aggregates import AreaMonth, AreaOpenItems
from bhabin.models.areas import (
    Assignment,
    AssignmentQuerySet,
    AssistedArea,
    CommunityFigure,
    SecurityPost,
    StrengthRecap,
)
from bhabin.models.field_reports import (
    Activity,
    EarlyWarning,
    FieldReport,
    ProblemCase,
    ReviewEvent,
    ReviewStatus,
    Visit,
    visit_photo_path,
)
from bhabin.models.schedules import VisitSchedule

__all__ = [
    "Activity",
    "AreaMonth",
    "AreaOpenItems",
    "Assignment",
    "AssignmentQuerySet",
    "AssistedArea",
    "CommunityFigure",
    "EarlyWarning",
    "FieldReport",
    "ProblemCase",
    "ReviewEvent",
    "ReviewStatus",
    "SecurityPost",
    "StrengthRecap",
    "Visit",
    "VisitSchedule",
    "visit_photo_path",
]
