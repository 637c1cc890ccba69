from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from portal.images import API_RENDITIONS


class Command(BaseCommand):
    help = "Make the fixed rendition sizes of every image that lacks one (after adding a size)."

    def handle(self, *args, **options):
        images = get_image_model().objects.prefetch_renditions(*API_RENDITIONS.values())
        made = 0
        for image in images.iterator(chunk_size=200):
            existing = {rendition.filter_spec for rendition in image.prefetched_renditions}
            missing = [spec for spec in API_RENDITIONS.values() if spec not in existing]
            if missing:
                image.get_renditions(*missing)
                made += len(missing)
        self.stdout.write(f"{made} renditions made.")
