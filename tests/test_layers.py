"""Imports go one way (docs/architecture.md): each portal app imports only the apps below it.

The layers, lowest first, are settings.PORTAL_APPS, except that policies and notices share a
layer above home and never import each other. `portal.settings` and `portal.urls` compose the
project and may name every app; everything else that must react to an upper layer does so
through a hook or a signal.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SIBLINGS = {"policies": "notices", "notices": "policies"}
COMPOSITION = ("portal.settings", "portal.urls")


def layer_index():
    index, level = {}, 0
    for app in settings.PORTAL_APPS:
        if app == "notices":
            index[app] = index["policies"]
            continue
        index[app] = level
        level += 1
    return index


def app_of(module, index):
    matches = [app for app in index if module == app or module.startswith(app + ".")]
    return max(matches, key=len) if matches else None


def imports_of(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def upward_imports():
    index = layer_index()
    found = []
    for top in {app.split(".")[0] for app in index}:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            source = app_of(module, index)
            if source is None or module.startswith(COMPOSITION):
                continue
            for imported in imports_of(path):
                target = app_of(imported, index)
                if target is None or target == source:
                    continue
                if index[target] > index[source] or SIBLINGS.get(source) == target:
                    found.append(f"{module} imports {imported}")
    return sorted(found)


def test_no_import_runs_back_up_the_layers():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The rule itself: an import from members into trade counts as running back up."""
    index = layer_index()
    assert index["marketplace.trade"] > index["marketplace.members"]
    assert app_of("marketplace.trade.models.orders", index) == "marketplace.trade"
    assert app_of("marketplace.members.views.center.base", index) == "marketplace.members"
    module = tmp_path / "sample.py"
    module.write_text("from marketplace.trade.models import Order\nimport portal.cache\n")
    assert list(imports_of(module)) == ["marketplace.trade.models", "portal.cache"]
