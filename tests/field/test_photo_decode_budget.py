"""A photo is brought down to its stored size before any full-size copy is made, and refused
when decoding it would need more memory than the budget (issue 16, item 9)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bhabin.photos import photo_reencode


def image_file(mode, size, fmt):
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128)[: len(mode)] if mode != "L" else 100).save(
        out, format=fmt
    )
    return SimpleUploadedFile(f"foto.{fmt.lower()}", out.getvalue())


# RGBA is left out: Pillow's reduce() makes one premultiplied full-size copy of its own.
@pytest.mark.parametrize(("mode", "fmt"), [("RGB", "PNG"), ("RGB", "JPEG")])
def test_no_full_size_copy_is_made_of_a_large_photo(settings, monkeypatch, mode, fmt):
    settings.VISIT_PHOTO_MAX_SIDE = 500
    photo = image_file(mode, (4000, 3000), fmt)
    converted = []
    original = Image.Image.convert

    def convert(self, *args, **kwargs):
        converted.append(self.size)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "convert", convert)

    stored = photo_reencode(photo)

    assert converted and max(width for width, _ in converted) <= 2 * 500
    assert max(Image.open(stored).size) == 500


def test_a_photo_that_needs_more_memory_than_the_budget_is_refused(settings):
    settings.VISIT_PHOTO_DECODE_MAX_BYTES = 4000 * 3000 * 4 - 1

    with pytest.raises(ValidationError):
        photo_reencode(image_file("RGBA", (4000, 3000), "PNG"))
