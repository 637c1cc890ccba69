from django import template
from django.utils.safestring import mark_safe

from portal.image_storage import public_media_html

register = template.Library()


@register.filter
def public_media(html):
    """Stored, sanitised rich text with members' image addresses in their public form
    (portal/image_storage.py): `{{ product.description|public_media }}`."""
    return mark_safe(public_media_html(html))  # noqa: S308 - sanitised when stored


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters replaced, so filters survive pagination.

    `{% query_string page=3 %}`; a value of None removes the parameter.
    """
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
