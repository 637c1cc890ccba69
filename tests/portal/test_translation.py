"""Collapsed catalogues translate every message exactly as Django's own look-up does."""

import gettext

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from portal.translation import _merge_runs, collapse_catalogues


def _fallbacks(language_translation):
    chain, fallback = [], language_translation._fallback
    while fallback is not None:
        chain.append(fallback)
        fallback = fallback._fallback
    return chain


def _every_message(language_translation):
    catalogues = [
        *language_translation._catalog._catalogs,
        *(fallback._catalog for fallback in _fallbacks(language_translation)),
    ]
    singular = {key for catalogue in catalogues for key in catalogue if isinstance(key, str)}
    plural = {key[0] for catalogue in catalogues for key in catalogue if isinstance(key, tuple)}
    return sorted(message for message in singular if message), sorted(plural)


def _translate_all(language_translation, singular, plural):
    return (
        [language_translation.gettext(m) for m in singular],
        [language_translation.ngettext(m, m + "s", n) for m in plural for n in (0, 1, 2, 5, 11)],
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_collapsed_catalogues_translate_every_message_as_before(language):
    as_django_builds_it = trans_real.DjangoTranslation(language)
    singular, plural = _every_message(as_django_builds_it)
    # Our own messages too: Chinese msgids that zh-hans looks up and misses everywhere.
    singular = sorted({*singular, "企业资料", "修改并提交", "不在任何目录里的句子"})
    expected = _translate_all(as_django_builds_it, singular, plural)
    assert len(as_django_builds_it._catalog._catalogs) > 1  # what there was to collapse

    collapsed = collapse_catalogues(trans_real.DjangoTranslation(language))

    assert len(collapsed._catalog._catalogs) == 1
    assert len(_fallbacks(collapsed)) <= 1
    assert _translate_all(collapsed, singular, plural) == expected


def test_requests_run_with_collapsed_catalogues(client, db):
    assert client.get(reverse("accounts:login")).status_code == 200
    active = trans_real.translation("zh-hans")
    assert len(active._catalog._catalogs) == 1
    assert len(_fallbacks(active)) <= 1
    with translation.override("zh-hans"):
        assert translation.gettext("登录") == "登录"


def test_earlier_catalogues_win_and_different_plural_rules_stay_apart():
    def one_form(n):
        return 0

    def two_forms(n):
        return int(n != 1)

    catalogues = [{"a": "first"}, {"a": "second", "b": "only here"}, {"a": "third", "c": "x"}]
    merged, plurals = _merge_runs(catalogues, [one_form, one_form, two_forms])
    assert merged == [{"a": "first", "b": "only here"}, {"a": "third", "c": "x"}]
    assert plurals == [one_form, two_forms]
    assert catalogues[0] == {"a": "first"}  # the originals are left as they were


def test_a_chain_with_other_kinds_of_translation_is_left_alone():
    language_translation = trans_real.DjangoTranslation("en")
    language_translation._fallback = gettext.NullTranslations()
    collapse_catalogues(language_translation)
    assert type(language_translation._fallback) is gettext.NullTranslations
