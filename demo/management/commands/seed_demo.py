"""Build the Polres Metro Bekasi demo: the paper's figures plus synthetic field work."""

import os
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.seed import demo_seed

DEFAULT_PASSWORD = "sigap-demo-2022"  # noqa: S105 - a published demo password, not a secret


class Command(BaseCommand):
    help = _(
        "Build the Polres Metro Bekasi demo (idempotent). Demo logins get the password in "
        "DEMO_PASSWORD, default sigap-demo-2022."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = time.perf_counter()
        summary = demo_seed(password=password)
        elapsed = time.perf_counter() - started

        write = self.stdout.write
        write(self.style.SUCCESS(_("Polres Metro Bekasi demo ready (%.1f seconds).") % elapsed))
        write(_("Units: %d (Polres + Polsek)") % summary.units)
        write(_("Assisted areas: %d") % summary.areas)
        write(_("Bhabinkamtibmas: %d") % summary.officers)
        per_year = ", ".join(f"{year}: {n}" for year, n in summary.incidents_per_year.items())
        write(_("Social conflicts per year: %s") % per_year)
        write(_("Visits (sambang): %d") % summary.visits)
        write("")
        write(_("Demo logins (password: %s):") % password)
        for username, role, unit in summary.logins:
            write(f"  {username:<10} {role} - {unit}")
