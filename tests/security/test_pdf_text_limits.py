"""Free text a PDF prints has limits (issue 16, item 8), and the longest allowed text still makes
a PDF of a bounded number of pages.

The PDFs print model fields (grep `{{` in templates/pdf/ and the other `*pdf*.html`): names and
titles are CharFields with a max_length; the MOTUL sheet also prints the plan's objective and each
step's content, TextFields without a limit until now: an officer stored 2.4 MB in one step, whose
sheet then took 147 s on every request. Times go in bench/motul_pdf_bench.py, not here.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from motul import plans as motul
from motul.models import (
    OBJECTIVE_MAX_CHARS,
    OBJECTIVE_MAX_LINES,
    STEP_MAX_CHARS,
    STEP_MAX_LINES,
    MotulPlan,
    MotulPlanStep,
)
from motul.views import MOTUL_SHEET, motul_sheet_context, render_motul
from reports.pdf import render_document
from tests.factories import AssistedAreaFactory

# A sheet whose every text field holds the longest allowed text is at most this many A4 pages
# (measured: 11 for prose, 19 for the most lines, 25 for one unbroken word, printed with a break
# opportunity every 30 characters).
MAX_SHEET_PAGES = 30


def prose(chars):
    """Words and spaces, `chars` long, in one paragraph: the most text on the fewest lines."""
    return ("Pengamanan kegiatan warga " * (chars // 26 + 1))[:chars]


def many_lines(chars, lines):
    """`lines` lines of as much text as the character limit leaves each: the most lines."""
    width = chars // lines - 1
    return "\n".join(("x" * width) for _ in range(lines))


def no_spaces(chars):
    """One word, `chars` long: nothing to break a line at."""
    return "W" * chars


@pytest.fixture
def plan_a(kapolsek_a, area_a1):
    return motul.motul_plan_create(
        user=kapolsek_a,
        title="Sambang tawuran pelajar",
        objective="Mencegah tawuran",
        planned_on=datetime.date(2022, 12, 5),
        areas=[area_a1],
    )


def steps_form(plan, **by_number):
    steps = plan.steps.select_related("step")
    return {
        f"step_{step.step_id}": by_number.get(f"s{step.step.number}", step.content)
        for step in steps
    }


def test_a_step_over_the_character_limit_is_refused_with_a_message(client, kapolsek_a, plan_a):
    client.force_login(kapolsek_a)
    before = {step.pk: step.content for step in plan_a.steps.all()}

    response = client.post(
        reverse("motul:edit", args=[plan_a.pk]), steps_form(plan_a, s1=prose(STEP_MAX_CHARS + 1))
    )

    assert response.status_code == 200
    assert "paling banyak 5000 karakter; sekarang 5001 karakter" in response.content.decode()
    assert {step.pk: step.content for step in plan_a.steps.all()} == before


def test_a_step_over_the_line_limit_is_refused_with_a_message(client, kapolsek_a, plan_a):
    client.force_login(kapolsek_a)

    response = client.post(
        reverse("motul:edit", args=[plan_a.pk]), steps_form(plan_a, s2="a\n" * STEP_MAX_LINES + "a")
    )

    assert response.status_code == 200
    assert "paling banyak 120 baris; sekarang 121 baris" in response.content.decode()


def test_a_step_at_the_limit_is_saved_and_its_line_ends_count_once(client, kapolsek_a, plan_a):
    client.force_login(kapolsek_a)
    text = many_lines(STEP_MAX_CHARS, STEP_MAX_LINES)

    response = client.post(
        reverse("motul:edit", args=[plan_a.pk]),
        steps_form(plan_a, s3=text.replace("\n", "\r\n")),  # as a browser sends it
    )

    assert response.status_code == 302
    assert plan_a.steps.get(step__number=3).content == text


def test_an_objective_over_the_limit_is_refused_with_a_message(client, kapolsek_a, area_a1):
    client.force_login(kapolsek_a)

    response = client.post(
        reverse("motul:list"),
        {
            "title": "Sambang",
            "objective": prose(OBJECTIVE_MAX_CHARS + 1),
            "planned_on": "2022-12-05",
            "areas": [area_a1.pk],
        },
    )

    assert response.status_code == 200
    assert "paling banyak 1000 karakter" in response.content.decode()
    assert not MotulPlan.objects.exists()


def test_the_model_and_the_service_hold_the_same_limits(plan_a):
    step = plan_a.steps.first()
    step.content = prose(STEP_MAX_CHARS + 1)
    with pytest.raises(ValidationError):
        step.full_clean()
    plan_a.objective = "\n".join(["a"] * (OBJECTIVE_MAX_LINES + 1))
    with pytest.raises(ValidationError):
        plan_a.full_clean()
    with pytest.raises(ValidationError):
        motul.motul_plan_steps_update(
            plan=plan_a, contents={step.step_id: prose(STEP_MAX_CHARS + 1)}
        )
    assert MotulPlanStep.objects.get(pk=step.pk).content != prose(STEP_MAX_CHARS + 1)


def test_a_plan_of_many_areas_is_prefilled_within_the_limits(kapolsek_a, polsek_a):
    areas = [
        AssistedAreaFactory(unit=polsek_a, name=f"Desa dengan nama yang panjang sekali {n:03}")
        for n in range(60)
    ]

    plan = motul.motul_plan_create(
        user=kapolsek_a,
        title="Sambang",
        objective=prose(OBJECTIVE_MAX_CHARS),
        planned_on=datetime.date(2022, 12, 5),
        areas=areas,
    )

    for step in plan.steps.all():
        step.full_clean()  # raises if a prefilled text is over a limit
    assert "wilayah lainnya" in plan.steps.get(step__number=4).content


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda chars, lines: prose(chars), id="prose"),
        pytest.param(many_lines, id="many-lines"),
        pytest.param(lambda chars, lines: no_spaces(chars), id="no-spaces"),
    ],
)
def test_the_sheet_with_the_longest_allowed_text_everywhere_has_bounded_pages(
    kapolsek_a, area_a1, shape
):
    plan = motul.motul_plan_create(
        user=kapolsek_a,
        title=prose(MotulPlan._meta.get_field("title").max_length),
        objective=shape(OBJECTIVE_MAX_CHARS, OBJECTIVE_MAX_LINES),
        planned_on=datetime.date(2022, 12, 5),
        areas=[area_a1],
    )
    steps = list(plan.steps.select_related("step").order_by("step__number"))
    motul.motul_plan_steps_update(
        plan=plan, contents={step.step_id: shape(STEP_MAX_CHARS, STEP_MAX_LINES) for step in steps}
    )
    steps = list(plan.steps.select_related("step").order_by("step__number"))
    for step in steps:
        step.full_clean()

    with translation.override("id"):
        document = render_document(
            MOTUL_SHEET, motul_sheet_context(plan, steps, [area_a1], people=None)
        )

    assert document.write_pdf().startswith(b"%PDF")
    assert 7 <= len(document.pages) <= MAX_SHEET_PAGES


def test_a_step_stored_before_the_limits_is_printed_cut_to_them(kapolsek_a, plan_a, area_a1):
    # Written past the service, as the rows of the 2.4 MB step were.
    MotulPlanStep.objects.filter(plan=plan_a).update(content="Baris lama\n" * 100_000)
    steps = list(plan_a.steps.select_related("step").order_by("step__number"))

    with translation.override("id"):
        document = render_document(
            MOTUL_SHEET, motul_sheet_context(plan_a, steps, [area_a1], people=None)
        )

    assert len(document.pages) <= MAX_SHEET_PAGES
    assert render_motul(plan_a, steps, [area_a1], None).startswith(b"%PDF")


def test_the_sheet_of_a_plan_of_many_areas_names_the_first_and_counts_the_rest(
    kapolsek_a, polsek_a
):
    areas = [
        AssistedAreaFactory(unit=polsek_a, name=f"Desa {'Panjang ' * 14}{n:03}") for n in range(300)
    ]
    plan = motul.motul_plan_create(
        user=kapolsek_a,
        title="Sambang",
        objective="Mencegah tawuran",
        planned_on=datetime.date(2022, 12, 5),
        areas=areas,
    )
    steps = list(plan.steps.select_related("step").order_by("step__number"))

    context = motul_sheet_context(plan, steps, areas, people=None)
    with translation.override("id"):
        document = render_document(MOTUL_SHEET, context)

    assert (len(context["areas"]), context["areas_more"]) == (50, 250)
    assert len(document.pages) <= 8  # 6 measured: step 1, prefilled from 300 areas, is at its limit
