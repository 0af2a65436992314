"""Private storage for uploads waiting for confirmation: never under MEDIA or STATIC, never served.

A stored file is named by a random token, not by the name the user gave it, so that nothing the
user typed ends up in a path.
"""

import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}\.upload$")


def private_storage():
    """The storage under IMPORT_STORAGE_DIR, read when called so that tests may override it."""
    return FileSystemStorage(location=settings.IMPORT_STORAGE_DIR, base_url=None)


def is_token(name):
    return bool(name) and TOKEN_PATTERN.match(name) is not None


def store(data: bytes):
    """Keep an upload; return the token it is stored under."""
    name = f"{secrets.token_urlsafe(24)}.upload"
    return private_storage().save(name, ContentFile(data))


def read(name):
    """The bytes of a stored upload; FileNotFoundError when it is gone."""
    if not is_token(name):
        raise FileNotFoundError(name)
    with private_storage().open(name, "rb") as stored:
        return stored.read()


def delete(name):
    """Remove a stored upload if it is there."""
    if is_token(name):
        private_storage().delete(name)


def stored_names():
    """The tokens of every stored upload."""
    storage = private_storage()
    try:
        _, files = storage.listdir("")
    except FileNotFoundError:
        return []
    return [name for name in files if is_token(name)]
