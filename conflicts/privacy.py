"""Masking of the personal data of people involved, for readers who may not see it.

UU PDP 27/2022 counts criminal records as specific personal data: only the roles that
org.roles.may_see_people_involved allows read the names of people involved. Anything else that
must mention one (an export, a PDF, the audit log) shows it masked.
"""

from audit.masking import MASK, mask_name, mask_value
from org.roles import may_see_people_involved

__all__ = ["MASK", "mask_name", "mask_value", "person_name_for"]


def person_name_for(user, name):
    """The name as this user may see it: in full for the roles that need it, masked otherwise."""
    return name if may_see_people_involved(user) else mask_name(name)
