"""The knowledge base's full-text index (satupintu/knowledge/index.py): on SQLite an
external-content FTS5 table per model kept by triggers, on PostgreSQL a generated,
weighted tsvector column with a GIN index. Rows already there are indexed here. And an
index on `updated_at`, which the search's vocabulary cache reads on every query."""

from django.db import migrations, models

from satupintu.knowledge.index import TABLES, statements


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in statements(vendor):
        schema_editor.execute(statement)
    if vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")


def drop_index(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, reverse=True):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_notices")]
    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["updated_at"], name="knowledge_article_changed"),
        ),
        migrations.AddIndex(
            model_name="regulation",
            index=models.Index(fields=["updated_at"], name="knowledge_regulation_changed"),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
