"""The member centre's left menu, contributed by every app that has pages there.

Members' own entries are listed here; the apps above (catalogue, trade, contracts) add theirs in
their `wagtail_hooks.py` through the `register_member_centre_menu_items` hook, which returns
`CenterMenuItem`s, so the frame names none of them. The menu is worked out once per kind of
member and language (URLs do not change while the process runs).
"""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

MENU_HOOK = "register_member_centre_menu_items"
ENTERPRISE = "enterprise"
INSTITUTION = "institution"


@dataclass(frozen=True)
class CenterMenuItem:
    member_kind: str  # ENTERPRISE or INSTITUTION
    order: int
    label: str
    url_name: str
    section: str  # the view's `center_section` that highlights this entry
    group: str = ""  # the label of the entry it sits under ("订单管理"), if any


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str = ""
    section: str = ""
    children: tuple = ()


MEMBER_ITEMS = [
    CenterMenuItem(
        ENTERPRISE, 10, _("企业资料"), "members:center_enterprise_profile", "enterprise_profile"
    ),
    CenterMenuItem(INSTITUTION, 10, _("资质表"), "members:center_qualification", "qualification"),
    CenterMenuItem(
        INSTITUTION, 20, _("机构资料"), "members:center_institution_profile", "institution_profile"
    ),
]


def menu_items():
    items = list(MEMBER_ITEMS)
    for contribute in hooks.get_hooks(MENU_HOOK):
        items.extend(contribute())
    return sorted(items, key=lambda item: item.order)


@cache
def _menu(member_kind, script_prefix, language):
    entries, groups = [], {}
    for item in menu_items():
        if item.member_kind != member_kind:
            continue
        entry = MenuEntry(str(item.label), reverse(item.url_name), item.section)
        if not item.group:
            entries.append(entry)
            continue
        if item.group not in groups:
            groups[item.group] = len(entries)
            entries.append(MenuEntry(str(item.group)))
        at = groups[item.group]
        parent = entries[at]
        entries[at] = MenuEntry(parent.label, children=(*parent.children, entry))
    return tuple(entries)


def center_menu(member_kind):
    """The menu entries of one kind of member, in order; entries with children are groups."""
    if member_kind not in (ENTERPRISE, INSTITUTION):
        return ()
    return _menu(member_kind, get_script_prefix(), get_language())
