"""Assertions shared by the view tests."""

from django.urls import reverse


def assert_redirects_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
