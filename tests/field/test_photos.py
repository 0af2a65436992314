"""Visit photos: the content decides, metadata is stripped, only those who see the visit see it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bhabin.models import Visit
from tests.factories import VisitFactory
from tests.views.helpers import assert_redirects_to_login

NEW_VISIT = reverse("bhabin:report-create", args=["kunjungan"])
GPS_IFD = 0x8825
MAKE = 0x010F


def jpeg_with_exif(size=(640, 480)):
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[GPS_IFD] = {1: "S", 2: (6.0, 17.0, 2.76), 3: "E", 4: (107.0, 10.0, 16.32)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(content, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_jpeg_with_exif_is_stored_without_it_under_a_random_name(
    login, alice, area_a1, visit_post
):
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does carry EXIF

    login(alice).post(NEW_VISIT, visit_post(area_a1) | {"photo": upload(original, "rumah.jpg")})

    visit = Visit.objects.get()
    assert visit.photo.name.startswith("visit-photos/")
    assert "rumah" not in visit.photo.name
    with visit.photo.open("rb") as stored:
        image = Image.open(stored)
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_png_is_accepted_and_stored_as_jpeg(login, alice, area_a1, visit_post):
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 255, 128)).save(out, format="PNG")

    login(alice).post(
        NEW_VISIT, visit_post(area_a1) | {"photo": upload(out.getvalue(), "a.png", "image/png")}
    )

    with Visit.objects.get().photo.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"


def test_a_php_file_renamed_jpg_is_refused_and_nothing_is_stored(login, alice, area_a1, visit_post):
    php = b"<?php system($_GET['c']); ?>"

    response = login(alice).post(
        NEW_VISIT, visit_post(area_a1) | {"photo": upload(php, "shell.jpg")}
    )

    assert "not a JPEG, PNG or WebP" in str(response.context["form"].errors["photo"])
    assert not Visit.objects.exists()


def test_a_gif_is_refused_whatever_its_name(login, alice, area_a1, visit_post):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")

    response = login(alice).post(
        NEW_VISIT, visit_post(area_a1) | {"photo": upload(out.getvalue(), "x.jpg")}
    )

    assert "photo" in response.context["form"].errors


def test_an_oversized_photo_is_refused(login, alice, area_a1, visit_post, settings):
    settings.VISIT_PHOTO_MAX_BYTES = 10_000
    big = jpeg_with_exif(size=(1200, 900)) + b"\0" * 10_000

    response = login(alice).post(NEW_VISIT, visit_post(area_a1) | {"photo": upload(big)})

    assert "too large" in str(response.context["form"].errors["photo"])
    assert not Visit.objects.exists()


def test_a_large_photo_is_scaled_down_to_the_longest_side_setting(
    login, alice, area_a1, visit_post, settings
):
    settings.VISIT_PHOTO_MAX_SIDE = 320

    login(alice).post(NEW_VISIT, visit_post(area_a1) | {"photo": upload(jpeg_with_exif())})

    with Visit.objects.get().photo.open("rb") as stored:
        assert max(Image.open(stored).size) == 320


@pytest.fixture
def visit_with_photo(login, alice, area_a1, visit_post, client):
    login(alice).post(NEW_VISIT, visit_post(area_a1) | {"photo": upload(jpeg_with_exif())})
    client.logout()
    return Visit.objects.get()


def test_the_photo_is_served_to_its_officer_and_their_kapolsek(
    login, visit_with_photo, alice, kapolsek_a
):
    url = reverse("bhabin:visit-photo", args=[visit_with_photo.pk])
    for user in (alice, kapolsek_a):
        response = login(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_the_photo_is_a_404_for_another_unit_and_a_login_for_the_anonymous(
    login, client, visit_with_photo, bob, kapolsek_b
):
    url = reverse("bhabin:visit-photo", args=[visit_with_photo.pk])
    assert_redirects_to_login(client.get(url))
    for user in (bob, kapolsek_b):
        assert login(user).get(url).status_code == 404


def test_a_visit_without_a_photo_has_no_photo_address(login, alice, area_a1):
    visit = VisitFactory(officer=alice.officer, area=area_a1)

    assert login(alice).get(reverse("bhabin:visit-photo", args=[visit.pk])).status_code == 404


def test_media_files_have_no_public_address(client, visit_with_photo, settings, login, alice):
    response = login(alice).get(f"/{settings.MEDIA_URL}{visit_with_photo.photo.name}")

    assert response.status_code == 404


def test_a_correction_without_a_new_photo_keeps_the_stored_one_and_hides_its_path(
    login, visit_with_photo, alice, area_a1, visit_post
):
    visit_with_photo.status = "returned"
    visit_with_photo.save()
    stored = visit_with_photo.photo.name
    url = reverse("bhabin:report-correct", args=["kunjungan", visit_with_photo.pk])
    client = login(alice)

    page = client.get(url).content.decode()
    data = visit_post(area_a1, narrative=visit_with_photo.narrative + " Dikoreksi.")
    data.pop("client_id")
    client.post(url, data)

    assert stored not in page
    visit_with_photo.refresh_from_db()
    assert (visit_with_photo.photo.name, visit_with_photo.status) == (stored, "submitted")
