"""The monthly PDF tells its state: a draft until the month is approved; once approved, the
report as it was approved, stored once and served as stored, with an approval block and a
verification code whose QR code opens `/verifikasi/<code>/` (unit, month, history, SHA-256).

The approved PDF lives in private storage (settings.APPROVED_REPORTS_DIR, never under a static or
media URL), named by its verification code; the step that approved the month keeps its name and
SHA-256. Regenerating it would give the same figures because the month is locked, but the stored
bytes are what was approved and what the verification page vouches for.
"""

import hashlib
import secrets

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from monthly.report import monthly_report
from org.models import MonthPeriod, MonthPeriodStep
from reports.pdf import render_pdf

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed in
CODE_LENGTH = 12


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def approved_storage():
    """Read when called, so that tests may point it elsewhere."""
    return FileSystemStorage(location=settings.APPROVED_REPORTS_DIR, base_url=None)


def period_of(unit, month):
    """The unit's period of a month, or an open one not stored (a month nobody touched)."""
    return MonthPeriod.objects.filter(unit=unit, month=month).first() or MonthPeriod(
        unit=unit, month=month
    )


def approval_in_force(period):
    """The approval step of a period that is approved now (None for an open month)."""
    if period.pk is None or period.is_open:
        return None
    return (
        period.steps.filter(action=MonthPeriodStep.Action.APPROVE)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def verification_url(request_or_none, code):
    path = reverse("monthly:verify", args=[code])
    if request_or_none is not None:
        return request_or_none.build_absolute_uri(path)
    return f"{settings.SITE_URL.rstrip('/')}{path}" if getattr(settings, "SITE_URL", "") else path


def qr_svg(text):
    """A QR code of the text as inline SVG, for the PDF (the renderer loads no data: URLs)."""
    qr = segno.make(text, error="m")
    return mark_safe(qr.svg_inline(scale=2.2, border=2, dark="#000"))  # noqa: S308 (segno's own SVG)


def approval_context(period, step, url):
    """What the PDF's approval block shows."""
    steps = list(period.steps.exclude(action=MonthPeriodStep.Action.UNDO).order_by("at", "pk"))
    steps = [s for s in steps if s.at >= step.at]
    return {
        "steps": steps,
        "code": step.verification_code,
        "url": url,
        "qr": qr_svg(url),
    }


def render_monthly_pdf(unit, month, *, approval=None):
    """The monthly report as PDF bytes, in Indonesian: a draft, or with an approval block."""
    report = monthly_report(unit, month.year, month.month)
    with translation.override("id"):
        return render_pdf(
            "pdf/monthly.html",
            {
                "r": report,
                "letterhead": report.letterhead,
                "draft": approval is None,
                "approval": approval,
            },
        )


def approved_pdf(period, *, request=None):
    """(bytes, step): the approved PDF of an approved period, rendered and stored on the first
    request (under the step's row lock, so twice at once stores it once), then read as stored."""
    step = approval_in_force(period)
    if step is None:
        raise ValueError("the month is not approved")
    storage = approved_storage()
    if not step.pdf_name:
        with transaction.atomic():
            step = MonthPeriodStep.objects.select_for_update().get(pk=step.pk)
            if not step.pdf_name:
                url = verification_url(request, step.verification_code)
                data = render_monthly_pdf(
                    period.unit, period.month, approval=approval_context(period, step, url)
                )
                name = storage.save(f"{step.verification_code}.pdf", ContentFile(data))
                step.pdf_name = name
                step.pdf_sha256 = hashlib.sha256(data).hexdigest()
                step.save(update_fields=["pdf_name", "pdf_sha256"])
                return data, step
    with storage.open(step.pdf_name, "rb") as stored:
        return stored.read(), step


def verification(code):
    """(step, period, history, in force) for a verification code, or None."""
    step = (
        MonthPeriodStep.objects.filter(verification_code=code)
        .select_related("period__unit")
        .first()
    )
    if step is None:
        return None
    period = step.period
    history = list(period.steps.select_related("actor").order_by("at", "pk"))
    in_force = approval_in_force(period)
    return {
        "step": step,
        "period": period,
        "history": history,
        "in_force": in_force is not None and in_force.pk == step.pk,
        "checked_at": timezone.now(),
    }
