from django.core.management.base import BaseCommand

from portal.ratelimit import get_store


class Command(BaseCommand):
    help = (
        "Delete expired rate-limit counters. Hits prune them too (every few minutes per worker); "
        "run this from cron if the portal can sit idle after a burst of clients."
    )

    def handle(self, *args, **options):
        deleted = get_store().prune()
        self.stdout.write(f"{deleted} expired rate-limit counters deleted.")
