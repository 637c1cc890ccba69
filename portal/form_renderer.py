"""Django's own widget templates rendered with Jinja2.

A select renders every option through its own template, and each widget includes an attributes
template: with Django templates the 12-field 企业资料 form took ≈4.6 ms to render, with the
Jinja2 copies of the same templates that Django ships (django/forms/jinja2/) ≈2.5 ms. Only
Django's built-in widget templates are taken from Jinja2 (no installed app overrides them);
every other form template (Wagtail's admin widgets, the form and error layouts) is rendered as
before. Decision record: docs/decisions/0008-member-centre-render.md.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.utils.functional import cached_property

BUILT_IN_WIDGETS = "django/forms/widgets/"


class PortalFormRenderer(DjangoTemplates):
    @cached_property
    def _jinja2(self):
        return Jinja2()

    def get_template(self, template_name):
        if template_name.startswith(BUILT_IN_WIDGETS):
            return self._jinja2.get_template(template_name)
        return super().get_template(template_name)
