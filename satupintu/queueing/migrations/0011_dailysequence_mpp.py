"""The day's ticket numbers carry their MPP, the distribution column when the database is
sharded by MPP (docs/scaling.md): added empty, filled from each row's queue, then required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_mpp(apps, schema_editor):
    DailySequence = apps.get_model("queueing", "DailySequence")
    Queue = apps.get_model("queueing", "Queue")
    DailySequence.objects.filter(mpp__isnull=True).update(
        mpp_id=Subquery(Queue.objects.filter(pk=OuterRef("queue_id")).values("mpp_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("queueing", "0010_journey_route"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dailysequence",
            name="mpp",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="tenancy.mpp",
            ),
        ),
        migrations.RunPython(fill_mpp, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dailysequence",
            name="mpp",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="tenancy.mpp",
            ),
        ),
    ]
