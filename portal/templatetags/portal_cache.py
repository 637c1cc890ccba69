from django import template

from portal.cache import content_version as _content_version

register = template.Library()


@register.simple_tag
def content_version(tag="pages"):
    return _content_version(tag)
