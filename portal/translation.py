"""Message look-ups in one dictionary instead of thirty-odd.

Two things make every `{% translate %}` of the portal walk dozens of dictionaries:
- Django 5.2 keeps each installed app's catalogue as a separate dictionary: its
  `TranslationCatalog.update` means to merge catalogues that share a plural rule, but compares
  a code object with a function, so it never does (21 dictionaries for zh-hans, 22 for en);
- for "zh-hans", Python's gettext also finds each app's "zh" catalogue and Django chains every
  one of them as a fallback (12 more, each asked twice: the message, then its plural form).
The portal's messages are written in Chinese and are in none of those catalogues, so each of
the ≈100 messages of a member-centre page missed ≈45 times (≈12–27 µs a message, by load).
`collapse_catalogues` merges both into one dictionary each, keeping, for every message, the
translation the original order of look-up would have found.
"""

import gettext

from django.utils import translation as django_translation
from django.utils.translation import trans_real

_COLLAPSED = "_portal_catalogues_collapsed"
# Enough numbers to tell two plural rules apart (rules only branch on n % 10, n % 100, n).
_PLURAL_PROBES = range(0, 201)


def _same_plural_rule(first, second):
    return all(first(n) == second(n) for n in _PLURAL_PROBES)


def _merge_runs(catalogues, plurals):
    """Merge neighbouring catalogues with the same plural rule; earlier ones take precedence."""
    merged_catalogues, merged_plurals = [], []
    for catalogue, plural in zip(catalogues, plurals, strict=True):
        if merged_plurals and _same_plural_rule(merged_plurals[-1], plural):
            for key, value in catalogue.items():
                merged_catalogues[-1].setdefault(key, value)
        else:
            merged_catalogues.append(dict(catalogue))
            merged_plurals.append(plural)
    return merged_catalogues, merged_plurals


def _collapse_fallback_chain(translation):
    chain = []
    fallback = translation._fallback
    while fallback is not None:
        if type(fallback) is not gettext.GNUTranslations:
            return  # something other than plain catalogues: leave the chain as it is
        chain.append(fallback)
        fallback = fallback._fallback
    if len(chain) < 2:
        return
    catalogues, plurals = _merge_runs([c._catalog for c in chain], [c.plural for c in chain])
    if len(catalogues) > 1:
        return  # different plural rules: the chain's order cannot be kept in one catalogue
    merged = gettext.GNUTranslations()
    merged._catalog = catalogues[0]
    merged.plural = plurals[0]
    merged._info = chain[0]._info
    merged._charset = chain[0]._charset
    translation._fallback = merged


def collapse_catalogues(translation):
    """Merge `translation`'s catalogues and its fallback chain (once per translation)."""
    if getattr(translation, _COLLAPSED, False):
        return translation
    catalog = getattr(translation, "_catalog", None)
    if isinstance(catalog, trans_real.TranslationCatalog):
        catalog._catalogs, catalog._plurals = _merge_runs(catalog._catalogs, catalog._plurals)
    if isinstance(getattr(translation, "_fallback", None), gettext.GNUTranslations):
        _collapse_fallback_chain(translation)
    setattr(translation, _COLLAPSED, True)
    return translation


def activate(language):
    """`translation.activate`, with the language's catalogues collapsed on first use."""
    collapse_catalogues(trans_real.translation(language))
    django_translation.activate(language)
