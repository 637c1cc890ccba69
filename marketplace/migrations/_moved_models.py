"""Moving models out of `marketplace` into its sub-apps without touching their tables.

Each sub-app's first migration declares the moved models in its own state only (the tables keep
their names, `Meta.db_table`) and then renames their content types, so that everything pointing
at a content type (revisions, workflow states, log entries, permissions, search index entries,
reports) follows the model to its new app. Not a migration itself: the loader skips modules
whose names start with an underscore. Decision 0009.
"""

from django.db import migrations


def move_content_types(models, *, to_app):
    """A RunPython operation moving the content types of `models` from marketplace to `to_app`."""

    def rename(apps, from_app, into_app):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if ContentType.objects.filter(app_label=into_app, model=model).exists():
                continue  # already there (a fresh database gets them at the end of migrate)
            ContentType.objects.filter(app_label=from_app, model=model).update(app_label=into_app)
        ContentType.objects.clear_cache()

    def forwards(apps, schema_editor):
        rename(apps, "marketplace", to_app)

    def backwards(apps, schema_editor):
        rename(apps, to_app, "marketplace")

    return migrations.RunPython(forwards, backwards)
