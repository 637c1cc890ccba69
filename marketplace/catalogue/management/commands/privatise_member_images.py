from django.core.management.base import BaseCommand

from marketplace.catalogue.legacy_images import legacy_member_images, make_member_images_private


class Command(BaseCommand):
    help = (
        "Make members' images uploaded before they became private (decision 0013) private: "
        "random private names, old public files deleted, descriptions rewritten. Safe to run "
        "again; run once after `migrate` when upgrading."
    )

    def handle(self, *args, **options):
        pending = legacy_member_images().count()
        repaired = make_member_images_private()
        self.stdout.write(
            f"会员图片已设为私有 (member images made private): {repaired} / {pending}."
        )
