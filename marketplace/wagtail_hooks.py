"""Admin registration only; the viewsets live in marketplace.admin."""

from wagtail.snippets.models import register_snippet

from marketplace.admin import InstitutionsAndReviewGroup

register_snippet(InstitutionsAndReviewGroup)
