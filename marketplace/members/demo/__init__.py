"""Demo data of the members app: the window platforms and their reviewers, institutions and
enterprises, and the institutions' qualifications in every review state.

`seed(ctx)` runs one module per concern, in this order (the qualifications need the members,
and `ctx.rng` is drawn in the same order on every run, so the demo data stays the same).
Idempotent: platforms are found by name, members by username.
"""

from marketplace.members.demo.accounts import seed_reviewers
from marketplace.members.demo.enterprises import seed_enterprises
from marketplace.members.demo.institutions import seed_institutions
from marketplace.members.demo.platforms import seed_platforms
from marketplace.members.demo.qualifications import seed_qualifications
from marketplace.members.models import Institution, WindowPlatform


def seed(ctx):
    _province, cities = seed_platforms()
    seed_reviewers(ctx, cities)
    institutions = seed_institutions(ctx)
    enterprises = seed_enterprises(ctx, ctx.rng)
    ctx.log(f"  平台 {WindowPlatform.objects.count()}, 服务机构 {institutions}, 企业 {enterprises}")
    ctx.add_navigation(80, "服务机构", url="/institutions/")
    # The qualifications (all review states) go on top of these members.
    seed_qualifications(ctx)
    # An earlier seed set `is_approved` directly; bring the flag in line with the qualifications.
    Institution.objects.sync_approval_flags()
