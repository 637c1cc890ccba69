import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import translation

from portal.demo import DemoContext, seed_all, selected_apps


class Command(BaseCommand):
    help = "Create (or bring up to date) the portal's demo data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=(
                "Multiply the amount of demo content for benchmarks: N > 1 adds bulk data on top "
                "of the demo data (N = 100: about 20,000 service products, 30,000 enterprise "
                "products, 10,000 demands, 4,000 policies, 5,000 institutions and enterprises). "
                "Running again with the same N adds nothing; a larger N tops the data up."
            ),
        )
        parser.add_argument(
            "--only",
            nargs="+",
            metavar="APP",
            help=(
                "Seed only these apps of PORTAL_APPS (e.g. --only home policies); a package "
                "name stands for its apps (--only marketplace: marketplace.members, "
                "marketplace.catalogue and marketplace.trade). The default is all."
            ),
        )

    def handle(self, *args, scale, only, **options):
        if scale < 1:
            raise CommandError("--scale 必须是不小于 1 的整数。")
        if only is not None:
            try:
                selected_apps(only)
            except LookupError as error:
                raise CommandError(f"--only: 未知的应用 (unknown app) {error}") from None
        started = time.monotonic()
        # Demo accounts have made-up addresses: the review notifications the seeding triggers
        # must not be sent (or printed). And seed in the portal's language, as a request would.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            translation.override(settings.LANGUAGE_CODE),
        ):
            ctx = seed_all(DemoContext(stdout=self.stdout, scale=scale), only=only)
            # A demo database seeded before members' images were private (decision 0013).
            call_command("privatise_member_images", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪 (demo data ready, scale {scale}, "
                f"{time.monotonic() - started:.1f} s)."
            )
        )
        self.stdout.write("账号 (accounts):")
        for role, username, password in ctx.credentials:
            self.stdout.write(f"  {role}: {username} / {password}")
