import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers

from portal import translation as portal_translation


def chosen_language(request):
    """The language of the switch's cookie if it is one we serve, else Chinese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in _supported_languages() else settings.LANGUAGE_CODE


@functools.cache
def _supported_languages():
    """The codes of `settings.LANGUAGES`, computed once rather than on every request."""
    return frozenset(code for code, _name in settings.LANGUAGES)


@receiver(setting_changed)
def _languages_changed(*, setting, **kwargs):
    # `override_settings(LANGUAGES=…)` and pytest-django's `settings` fixture must take effect.
    if setting == "LANGUAGES":
        _supported_languages.cache_clear()


class PortalLocaleMiddleware:
    """Chinese unless the visitor chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, so an English-language
    browser would get an English government portal it never asked for. Here only the language
    switch (the cookie set by `set_language`) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        portal_translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
