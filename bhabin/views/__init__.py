"""Pages of the field work: the officer's home (home), units, areas and visits (areas), the
field reports and their review (field_reports), and the visit schedule (schedules)."""
