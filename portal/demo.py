"""The demo-data orchestration behind `manage.py seed_demo`.

Each portal app with demo data has a `demo/` package: `<app>/demo/__init__.py` defines
`seed(ctx)`, the app's whole normal demo data, calling one module per concern inside the package
(and `<app>/demo/scale.py` the app's bulk data, see `portal.demo_scale`). They run in the order of
`settings.PORTAL_APPS`, lowest layer first, so an app's demo data may use the rows of the apps
below it (re-queried from the database: no app's demo imports an app above it). Every seeder is
idempotent: running the command twice leaves one copy of everything. Apps offer header navigation
items through `ctx.add_navigation`; `home.demo.seed_navigation` writes them once all have run.

`portal` itself has no demo data: this module and `portal.demo_scale` are the mechanism.
"""

import random
from dataclasses import dataclass, field
from importlib import import_module, util

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "Portal-Admin-2026"


@dataclass(order=True)
class NavigationItem:
    order: int
    label: str = field(compare=False)
    page: object = field(default=None, compare=False)
    url: str = field(default="", compare=False)


@dataclass
class DemoContext:
    stdout: object
    scale: int = 1
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    navigation: list = field(default_factory=list)
    credentials: list = field(default_factory=list)
    home_page: object = None

    def log(self, message):
        self.stdout.write(message)

    def add_navigation(self, order, label, *, page=None, url=""):
        self.navigation = [item for item in self.navigation if item.label != label]
        self.navigation.append(NavigationItem(order, label, page, url))

    def add_credentials(self, role, username, password):
        self.credentials.append((role, username, password))


def ensure_admin(ctx):
    User = get_user_model()
    admin, _created = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={"email": "admin@example.com", "display_name": "平台管理员"},
    )
    admin.is_staff = admin.is_superuser = admin.is_active = True
    # Demo data only: the printed credentials must always be true.
    admin.set_password(DEMO_ADMIN_PASSWORD)
    admin.save()
    ctx.add_credentials("省平台管理员 (/admin/)", DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    return admin


def selected_apps(only=None):
    """The apps of `settings.PORTAL_APPS` that `only` names (all of them without `only`), in
    that order. A name is an app (`marketplace.members`) or a package of apps (`marketplace`:
    `marketplace.members`, `marketplace.catalogue` and `marketplace.trade`). An unknown name is a
    `LookupError`.
    """
    if only is None:
        return list(settings.PORTAL_APPS)
    unknown = [
        name
        for name in only
        if not any(app == name or app.startswith(f"{name}.") for app in settings.PORTAL_APPS)
    ]
    if unknown:
        raise LookupError(", ".join(unknown))
    return [
        app
        for app in settings.PORTAL_APPS
        if any(app == name or app.startswith(f"{name}.") for name in only)
    ]


def app_modules(apps, module_name):
    """(app, module) for each of `apps` that has the module `<app>.<module_name>`."""
    for app in apps:
        if app == "portal":
            continue  # the orchestration itself
        name = f"{app}.{module_name}"
        if _module_exists(name):
            yield app, import_module(name)


def _module_exists(name):
    # `find_spec("search.demo.scale")` raises when `search.demo` itself does not exist.
    parts = name.split(".")
    return all(
        util.find_spec(".".join(parts[:end])) is not None for end in range(1, len(parts) + 1)
    )


def app_seeders(apps):
    """(app, `<app>.demo` package) for each of `apps` whose demo package defines `seed(ctx)`."""
    for app, module in app_modules(apps, "demo"):
        if hasattr(module, "seed"):
            yield app, module


def seed_all(ctx, only=None):
    """Seed every app (or only the apps named in `only`, e.g. ["home"] for fast browser tests;
    see `selected_apps`).

    With `ctx.scale` above 1, the bulk data of `portal.demo_scale` follows the normal demo data.
    """
    apps = selected_apps(only)
    with transaction.atomic():
        ensure_admin(ctx)
        for app, module in app_seeders(apps):
            ctx.log(f"· {app}")
            module.seed(ctx)
        import_module("home.demo").seed_navigation(ctx)
    if ctx.scale > 1:
        ctx.log(f"· 规模数据 (scale {ctx.scale})")
        import_module("portal.demo_scale").seed_scale(ctx, apps=apps)
    return ctx
