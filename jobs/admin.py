"""The queue's own rows stay out of the admin.

django-tasks-db registers its DBTaskResult in the admin: every job's arguments, of every unit,
unscoped. The job pages (/tugas/) are the scoped view of the same work; the raw queue is read
with `manage.py shell` or in the database by whoever runs the server. (This app comes after
django_tasks_db in INSTALLED_APPS, so its admin module is imported first.)
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
