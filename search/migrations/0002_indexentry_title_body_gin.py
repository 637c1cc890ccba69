"""A GIN index on ``title || body`` of Wagtail's search index entries (PostgreSQL only).

Searches filter on that expression (modelsearch's PostgresSearchQueryCompiler.search), which
the per-column GIN indexes Wagtail creates cannot serve: without this index every search reads
every index entry. The table belongs to wagtail.search, so the index is created here, from
the app that owns the search backend; other databases have nothing to do.
"""

from django.db import migrations

INDEX_NAME = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} USING gin ((title || body))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
