"""The shared layout: login, header, navigation by role, language switch, logout, error pages."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "sigap.css"
# Police networks and field phones are often offline: nothing may come from another site.
EXTERNAL_REFERENCE = re.compile(r"""(src|href|action)=["']?(https?:)?//""", re.IGNORECASE)


def test_the_login_page_opens_without_a_login(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_a_wrong_password_gives_a_clear_message(client, kapolsek_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("login"), {"username": "kapolsek_a", "password": "salah"})

    assert response.status_code == 200
    assert "The username or password is wrong" in response.content.decode()


def test_a_right_password_leads_home(client, kapolsek_a):
    response = client.post(
        reverse("login"), {"username": "kapolsek_a", "password": "rahasia-uji-123"}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_header_names_the_user_their_role_and_unit(login, polsek_a):
    user = UserFactory(username="kapolsek", first_name="Budi", last_name="Santoso", unit=polsek_a)

    content = login(user).get(reverse("home")).content.decode()

    assert "Budi Santoso" in content
    assert "Kapolsek" in content
    assert "Polsek A" in content


def test_an_officer_is_offered_their_own_pages_only(login, alice):
    content = login(alice).get(reverse("home")).content.decode()

    assert reverse("dashboard:officer", args=[alice.officer_id]) in content
    assert f'href="{reverse("bhabin:officer-list")}"' not in content
    assert reverse("admin:index") not in content


def test_a_kapolsek_is_offered_the_unit_pages_but_not_the_admin(login, kapolsek_a):
    content = login(kapolsek_a).get(reverse("home")).content.decode()

    assert reverse("bhabin:unit-detail", args=["POLSEK-A"]) in content
    assert f'href="{reverse("bhabin:officer-list")}"' in content
    assert reverse("admin:index") not in content


def test_an_operator_is_offered_the_admin(login, operator_a):
    content = login(operator_a).get(reverse("home")).content.decode()

    assert f'href="{reverse("admin:index")}"' in content


def test_the_page_language_follows_the_active_language(login, kapolsek_a):
    content = login(kapolsek_a).get(reverse("home")).content.decode()

    assert '<html lang="en">' in content


def test_the_language_switch_works_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_logging_out_takes_a_post_and_ends_the_session(login, kapolsek_a):
    client = login(kapolsek_a)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_a_missing_page_uses_the_products_404_page(login, kapolsek_a):
    response = login(kapolsek_a).get("/tidak-ada/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_page_the_role_may_not_open_uses_the_products_403_page(login, kapolsek_a):
    # The admin sends a signed-in user without rights to its login view, which refuses them.
    response = login(kapolsek_a).get(reverse("admin:index"), follow=True)

    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_a_database():
    with translation.override("en"):
        content = render_to_string("500.html")

    assert "Something went wrong" in content
    assert "sigap.css" in content


def test_the_templates_load_no_script_and_nothing_from_another_site():
    for template in TEMPLATES_DIR.rglob("*.html"):
        text = template.read_text()
        # Scripts only as static files (a CSP forbids inline script), never from another site.
        for script in re.findall(r"<script[^>]*>(.*?)</script>", text, flags=re.S):
            assert script == "", template
        for tag in re.findall(r"<script[^>]*>", text):
            assert re.fullmatch(r"<script src=\"{% static 'js/[\w-]+\.js' %}\" defer>", tag), tag
        assert not EXTERNAL_REFERENCE.search(text), template


def test_the_stylesheet_stays_small():
    assert STYLESHEET.stat().st_size < 12 * 1024
