"""Operations for migrations that move models between apps without copying a row.

A moved model keeps its table (`Meta.db_table`); the migrations move only Django's idea of it
(`SeparateDatabaseAndState` with no database operation) and its content type, so that its
permissions, the admin's log and the audit log follow it to its new app.
"""

from django.db import migrations


def move_content_types(*moves):
    """A RunPython giving the content type of each (old app label, new app label, model name)
    its new app label; reversible."""

    def rename(apps, pairs):
        content_type = apps.get_model("contenttypes", "ContentType")
        for old_app, new_app, model in pairs:
            if not content_type.objects.filter(app_label=old_app, model=model).exists():
                continue
            # A content type made for the new label before this ran (post_migrate of an
            # interrupted run) has nothing pointing at it yet: the old one, which has, wins.
            content_type.objects.filter(app_label=new_app, model=model).delete()
            content_type.objects.filter(app_label=old_app, model=model).update(app_label=new_app)

    def forward(apps, schema_editor):
        rename(apps, moves)

    def backward(apps, schema_editor):
        rename(apps, [(new, old, model) for old, new, model in moves])

    return migrations.RunPython(forward, backward)


def state_only(*operations):
    """The operations applied to Django's model state only: the tables are already right."""
    return migrations.SeparateDatabaseAndState(state_operations=list(operations))
