# Notifications move here from the partners app, history and all: every row is copied
# with its id and times. E-mails still owed at once get an outbox job, so the relay
# sends them (before, one queued while the broker was down waited for the digest).

from django.db import migrations
from django.utils import timezone


def copy_notifications(apps, schema_editor):
    Old = apps.get_model("partners", "Notification")
    New = apps.get_model("notifications", "Notification")
    Job = apps.get_model("notifications", "Job")
    db = schema_editor.connection.alias
    batch = []
    for old in Old.objects.using(db).order_by("pk").iterator(chunk_size=2000):
        batch.append(
            New(
                pk=old.pk,
                user_id=old.user_id,
                subject=old.subject,
                body=old.body,
                created_at=old.created_at,
                sent_at=old.sent_at,
                withheld_at=old.withheld_at,
            )
        )
        if len(batch) >= 2000:
            New.objects.using(db).bulk_create(batch)
            batch = []
    New.objects.using(db).bulk_create(batch)
    # Ids were copied, so the next one made must come after them.
    sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [New])
    with schema_editor.connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
    owed = New.objects.using(db).filter(
        sent_at=None, withheld_at=None, user__is_active=True, user__notification_mode="immediate"
    )
    now = timezone.now()
    Job.objects.using(db).bulk_create(
        Job(
            task="notifications.tasks.send_notification_task",
            arguments={"notification_id": n.pk},
            recipient_id=n.user_id,
            description=f"E-mail to {n.user.email}: {n.subject}"[:300],
            created_at=now,
            run_after=now,
        )
        for n in owed.select_related("user")
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("partners", "Notification")
    New = apps.get_model("notifications", "Notification")
    db = schema_editor.connection.alias
    Old.objects.using(db).bulk_create(
        Old(
            pk=n.pk,
            user_id=n.user_id,
            subject=n.subject,
            body=n.body,
            created_at=n.created_at,
            sent_at=n.sent_at,
            withheld_at=n.withheld_at,
        )
        for n in New.objects.using(db).order_by("pk")
    )
    sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Old])
    with schema_editor.connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def no_style():
    from django.core.management.color import no_style as plain

    return plain()


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
        ("partners", "0004_notification_withheld"),
    ]

    operations = [migrations.RunPython(copy_notifications, copy_back)]
