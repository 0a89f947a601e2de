# Notifications now belong to the notifications app; their rows were copied there by
# notifications.0002 before this table goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0005_organisation_public_authority'),
        ('notifications', '0002_notifications_from_partners'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='notification',
            name='notification_pending',
        ),
        migrations.DeleteModel(
            name='Notification',
        ),
    ]
