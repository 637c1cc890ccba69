"""Demo data of the notices app: its members (sign-ups, a login to try signing up), then the
活动通知, 项目申报 and 新闻动态 indexes and notices. Idempotent.
"""

from notices.demo.accounts import ensure_members
from notices.demo.notices import seed_notices


def seed(ctx):
    attendees = ensure_members(ctx)
    seed_notices(ctx, attendees)
