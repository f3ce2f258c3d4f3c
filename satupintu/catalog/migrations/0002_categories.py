"""The service categories citizens recognise, present in every deployment."""

from django.db import migrations

# A copy of satupintu.catalog.services.DEFAULT_CATEGORIES as it was when this ran.
CATEGORIES = [
    ("kependudukan", "Kependudukan dan pencatatan sipil"),
    ("perizinan-usaha", "Perizinan dan usaha"),
    ("kepolisian", "Kepolisian"),
    ("kendaraan-bermotor", "Kendaraan bermotor (Samsat)"),
    ("keimigrasian", "Keimigrasian"),
    ("perpajakan", "Perpajakan dan retribusi"),
    ("jaminan-sosial", "Jaminan sosial"),
    ("utilitas", "Air, listrik dan utilitas"),
    ("perbankan", "Perbankan"),
    ("pertanahan", "Pertanahan"),
    ("ketenagakerjaan", "Ketenagakerjaan"),
    ("kesehatan", "Kesehatan"),
    ("lingkungan-hidup", "Lingkungan hidup"),
    ("lainnya", "Layanan lainnya"),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for order, (slug, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
