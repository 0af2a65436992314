"""`manage.py check --deploy` is clean with the production values documented in .env.example."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

BOOLEANS = {"true": True, "false": False}
LISTS = {"ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}


def documented_production_values():
    text = (Path(settings.BASE_DIR) / ".env.example").read_text()
    block = text[text.index("# --- Production") : text.index("# --- end of Production")]
    return dict(re.findall(r"^# ([A-Z][A-Z0-9_]+)=(.*)$", block, flags=re.MULTILINE))


def as_setting(name, value):
    if name in LISTS:
        return [item for item in value.split(",") if item]
    if value in BOOLEANS:
        return BOOLEANS[value]
    if value.isdigit():
        return int(value)
    return value


def test_the_production_block_sets_every_https_setting():
    values = documented_production_values()
    assert values["DEBUG"] == "false"
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"):
        assert values[name] == "true", name
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31_536_000


def test_check_deploy_is_clean_with_the_documented_production_settings(settings, monkeypatch):
    # The browser tests set this for Playwright's event loop; a server never has it (async.E001).
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    for name, value in documented_production_values().items():
        if name in {"DATABASE_URL", "BEHIND_TLS_PROXY"}:
            continue
        setattr(settings, name, as_setting(name, value))
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECRET_KEY = "a-throwaway-key-for-this-test-" + "k7Qz" * 10
    # Raises SystemCheckError on any warning.
    call_command("check", deploy=True, fail_level="WARNING")


def test_the_script_ci_uses_prints_exactly_the_production_block():
    # .ci/run passes these lines to `env` word by word: one malformed line (a comment of another
    # block taken for a setting) broke check --deploy and the server smoke check once.
    script = Path(settings.BASE_DIR) / "tools" / "production_env.sh"
    printed = subprocess.run(  # noqa: S603 (our own script)
        [shutil.which("bash"), str(script)], capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*=\S*", line) for line in printed), printed
    names = [line.split("=", 1)[0] for line in printed]
    documented = set(documented_production_values()) - {"DATABASE_URL"}
    assert sorted(names) == sorted(documented)
