"""Passwords, login lockout, response headers, Content-Security-Policy and request limits."""

import datetime
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse

import config.settings as project_settings
from reports.charts import Bar, bar_chart, column_chart
from tests.factories import UserFactory

PASSWORD = "rahasia-uji-123"


@pytest.fixture
def production_hashers(settings):
    """The project's hashers, in place of the fast ones tests/conftest.py sets."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_argon2_hashes_new_passwords_and_pbkdf2_is_kept_for_old_hashes():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert any("PBKDF2PasswordHasher" in name for name in project_settings.PASSWORD_HASHERS[1:])


def test_a_new_password_is_stored_as_an_argon2_hash(production_hashers):
    assert make_password("kata-sandi-baru").startswith("argon2$")


def test_a_pbkdf2_password_still_logs_in_and_is_rehashed_with_argon2(
    production_hashers, client, polsek_a
):
    user = UserFactory(username="lama", unit=polsek_a)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    response = log_in(client, "lama")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_the_login_page_still_logs_a_user_in(client, kapolsek_a):
    response = log_in(client, "kapolsek_a")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_five_wrong_passwords_lock_the_username_even_for_the_right_password(client, kapolsek_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "kapolsek_a", "salah").status_code == 200
    assert log_in(client, "kapolsek_a", "salah").status_code == 429
    response = log_in(client, "kapolsek_a")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "30" in text  # the cool-off in minutes
    assert 'href="/masuk/"' in text


def test_the_lockout_page_is_in_indonesian_by_default(client, kapolsek_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "kapolsek_a", "salah")
    response = log_in(client, "kapolsek_a")
    assert '<html lang="id">' in response.content.decode()


def test_the_lockout_is_by_username_not_by_the_shared_address(client, kapolsek_a, kapolsek_b):
    # Everyone at the Polres comes from one NAT address: one officer's typos lock only them.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "kapolsek_a", "salah")
    assert log_in(client, "kapolsek_b").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, kapolsek_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "kapolsek_a", "salah")
    assert log_in(client, "kapolsek_a").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(minutes=1)
    )
    assert log_in(client, "kapolsek_a").status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, kapolsek_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "kapolsek_a", "salah")
    assert log_in(client, "kapolsek_a").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "kapolsek_a", "salah")
    assert log_in(client, "kapolsek_a").status_code == 302


def test_pages_send_a_strict_content_security_policy_and_security_headers(client, kapolsek_a):
    client.force_login(kapolsek_a)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_login_page_sends_the_policy_too(client):
    assert "default-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("*/templates"),
]


def page_templates():
    for root in TEMPLATE_DIRS:
        for path in root.rglob("*.html"):
            # PDFs are rendered by WeasyPrint on the server, never by a browser under the policy.
            relative = path.relative_to(root)
            if "pdf" not in relative.parts and not relative.stem.endswith("pdf"):
                yield path


def test_no_page_template_has_inline_script_or_style_the_policy_would_block():
    offenders = []
    for path in page_templates():
        text = path.read_text()
        if re.search(r"\sstyle\s*=|<style|\son[a-z]+\s*=|javascript:", text, flags=re.IGNORECASE):
            offenders.append(str(path))
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: {tag}")
    assert list(page_templates()), "found no templates: the search paths are wrong"
    assert offenders == []


def test_charts_use_presentation_attributes_not_a_style_attribute():
    for svg in (
        bar_chart([Bar("Polsek A", 3)], title="t"),
        column_chart(["2021"], {"Konflik": [3]}, title="t"),
    ):
        assert "style=" not in str(svg)
        assert 'font-family="' in str(svg)


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post(
        reverse("login"), data=b"x" * 1001, content_type="application/octet-stream"
    )
    assert response.status_code == 413


def test_a_form_with_too_many_fields_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post(reverse("login"), {f"f{i}": "x" for i in range(60)})
    assert response.status_code == 400


def test_upload_limits_are_set_explicitly():
    for name in (
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "FILE_UPLOAD_MAX_MEMORY_SIZE",
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        "DATA_UPLOAD_MAX_NUMBER_FILES",
        "REQUEST_MAX_BYTES",
    ):
        assert isinstance(getattr(project_settings, name), int), name
    assert project_settings.REQUEST_MAX_BYTES > project_settings.IMPORT_MAX_BYTES
