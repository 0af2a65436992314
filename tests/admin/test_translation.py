"""The Indonesian translation is compiled and used; English stays available."""

from django.urls import reverse
from django.utils import translation

from personnel.models import Officer


def test_the_officer_model_is_called_personel_in_indonesian():
    with translation.override("id"):
        assert str(Officer._meta.verbose_name) == "Personel"
        assert str(Officer._meta.get_field("rank").verbose_name) == "pangkat"


def test_the_officer_model_keeps_its_english_name_in_english():
    with translation.override("en"):
        assert str(Officer._meta.verbose_name) == "officer"


def test_the_admin_index_shows_indonesian_app_names(client, superuser):
    client.force_login(superuser)

    # A phone set to English still gets Indonesian until the person chooses otherwise.
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en")

    page = response.content.decode()
    assert "Kepersonelan" in page
    assert "Konflik sosial" in page
    assert "Anggaran dan sarpras" in page
    assert "Administrasi data" in page


def test_the_admin_index_shows_english_app_names_after_choosing_english(client, superuser):
    client.force_login(superuser)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("admin:index"))

    page = response.content.decode()
    assert "Social conflicts" in page
    assert "Budget and facilities" in page
