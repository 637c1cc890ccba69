"""Create the "窗口平台审核" workflow, its platform review task, and the staff groups."""

from django.db import migrations


def create_review_workflow(apps, schema_editor):
    from marketplace.migrations._review_setup import ensure_review_setup

    ensure_review_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_qualifications"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # Reversing leaves the workflow and groups in place: they may have been edited since.
        migrations.RunPython(create_review_workflow, migrations.RunPython.noop),
    ]
