"""The demo-data orchestration behind `manage.py seed_demo`.

Each portal app may have a `demo.py` with `seed(ctx)`; they run in the order of
`settings.PORTAL_APPS`. Every seeder is idempotent: running the command twice leaves one copy of
everything. Apps offer header navigation items through `ctx.add_navigation`.
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


def app_seeders(only=None):
    for app in settings.PORTAL_APPS:
        name = f"{app}.demo"
        if only is not None and app not in only:
            continue
        if app != "portal" and util.find_spec(name) is not None:
            module = import_module(name)
            if hasattr(module, "seed"):
                yield app, module


def seed_all(ctx, only=None):
    """Seed every app (or only the apps named in `only`, e.g. ["home"] for fast browser tests).

    With `ctx.scale` above 1, the bulk data of `portal.demo_scale` follows the normal demo data.
    """
    with transaction.atomic():
        ensure_admin(ctx)
        for app, module in app_seeders(only):
            ctx.log(f"· {app}")
            module.seed(ctx)
        import_module("home.demo").seed_navigation(ctx)
    if ctx.scale > 1:
        ctx.log(f"· 规模数据 (scale {ctx.scale})")
        import_module("portal.demo_scale").seed_scale(ctx, only=only)
    return ctx
