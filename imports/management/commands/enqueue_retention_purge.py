"""manage.py enqueue_retention_purge --user NAME: queue the retention purges as a job of NAME's."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.tasks import retention_purge
from jobs.services import job_start
from org.roles import may_use_admin
from personnel.models import User


class Command(BaseCommand):
    help = (
        "Queue the retention purges (people involved past retention, import previews never "
        "confirmed, old jobs) as one background job owned by an administrator, who sees its "
        "result under /tugas/. Run it nightly (docs/deploy.md has the systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username of an administrator")

    def handle(self, *args, user, **options):
        owner = User.objects.filter(username=user, is_active=True).first()
        if owner is None or not may_use_admin(owner):
            raise CommandError(f"'{user}' is not an active account that may use the admin.")
        job = job_start(
            task=retention_purge,
            kind="retention-purge",
            title=_("Purging data past its retention period"),
            user=owner,
            arguments={},
        )
        self.stdout.write(f"Queued job {job.pk} ({job.get_status_display()}).")
