"""Private storage for what a job made (a PDF, a report): never under MEDIA or STATIC, served only
to the job's owner through jobs.views.job_download. Named by a random token."""

import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}\.result$")


def private_storage():
    """The storage under JOBS_STORAGE_DIR, read when called so that tests may override it."""
    return FileSystemStorage(location=settings.JOBS_STORAGE_DIR, base_url=None)


def is_token(name):
    return bool(name) and TOKEN_PATTERN.match(name) is not None


def store(data: bytes):
    """Keep a result; return the token it is stored under."""
    return private_storage().save(f"{secrets.token_urlsafe(24)}.result", ContentFile(data))


def open_result(name):
    """The stored result as an open binary file; FileNotFoundError when it is gone."""
    if not is_token(name):
        raise FileNotFoundError(name)
    return private_storage().open(name, "rb")


def delete(name):
    if is_token(name):
        private_storage().delete(name)
