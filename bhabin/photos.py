"""Visit photos: accept only real JPEG, PNG or WebP images, and store a clean re-encoded copy.

The content decides, never the file name or the browser's content type. The stored copy is a
fresh JPEG drawn from the pixels alone, so EXIF (GPS, phone model, owner) and any bytes appended
to the image are dropped; it is turned upright first, as the EXIF orientation said.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
JPEG_QUALITY = 82
# Far above any phone camera; refuses "decompression bombs" before their pixels are decoded.
MAX_PIXELS = 60_000_000
# The decoded pixels of one photo: a 48-megapixel phone photo is 144 MB in RGB.
DECODE_MAX_BYTES = 200 * 1024 * 1024


def photo_reencode(uploaded):
    """A ContentFile holding a clean JPEG of the upload; ValidationError if it is not acceptable."""
    if uploaded.size > settings.VISIT_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s). The limit is %(limit)s.")
            % {
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.VISIT_PHOTO_MAX_BYTES),
            },
            code="too_large",
        )
    not_an_image = ValidationError(
        _("This file is not a JPEG, PNG or WebP photo. Choose a photo taken with the phone."),
        code="not_an_image",
    )
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if image.width * image.height > MAX_PIXELS:
                raise not_an_image
            side = settings.VISIT_PHOTO_MAX_SIDE
            # The memory the decoded pixels need, refused beyond the budget before decoding; a
            # JPEG is decoded straight at a fraction of its size (draft), others are reduced
            # right after decoding, so no full-size copy is made by the steps below.
            if image.width * image.height * len(image.getbands()) > _decode_budget():
                raise not_an_image
            if image.format == "JPEG":
                image.draft("RGB", (side, side))
            image.load()
            factor = max(1, min(image.width, image.height) // side)  # both sides stay >= side
            # With a box, Pillow reduces RGBA as it is instead of making a full-size premultiplied
            # copy first (edges of transparency may tint slightly; photos are rarely transparent).
            clean = image.reduce(factor, box=(0, 0, *image.size)) if factor > 1 else image
            clean = ImageOps.exif_transpose(clean)
            clean = _flatten(clean)
            clean.thumbnail((side, side))
            out = io.BytesIO()
            # No exif= and no info carried over: the new file holds pixels only.
            clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return ContentFile(out.getvalue(), name="photo.jpg")


def _decode_budget():
    return getattr(settings, "VISIT_PHOTO_DECODE_MAX_BYTES", DECODE_MAX_BYTES)


def _flatten(image):
    """RGB pixels; transparency becomes white, as on paper."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
