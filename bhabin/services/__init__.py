"""Every write of field work: reports and their review (field_reports), assignments
(assignments), and the aggregates those writes keep in the same transaction (aggregates)."""

from bhabin.services.assignments import assignment_save, assignments_move
from bhabin.services.field_reports import (
    EARLY_WARNING_FIELDS,
    NARRATIVE_MIN_CHARS,
    PROBLEM_CASE_FIELDS,
    VISIT_FIELDS,
    early_warning_correct,
    early_warning_create,
    field_report_staff_check,
    field_report_staff_save,
    field_reports_delete,
    field_reports_import,
    normalise_narrative,
    problem_case_correct,
    problem_case_create,
    review_record,
    visit_correct,
    visit_create,
    visits_accept,
)

__all__ = [
    "EARLY_WARNING_FIELDS",
    "NARRATIVE_MIN_CHARS",
    "PROBLEM_CASE_FIELDS",
    "VISIT_FIELDS",
    "assignment_save",
    "assignments_move",
    "early_warning_correct",
    "early_warning_create",
    "field_report_staff_check",
    "field_report_staff_save",
    "field_reports_delete",
    "field_reports_import",
    "normalise_narrative",
    "problem_case_correct",
    "problem_case_create",
    "review_record",
    "visit_correct",
    "visit_create",
    "visits_accept",
]
