from django import template

register = template.Library()


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
