"""Demo member accounts: the helper every demo member is made with, and the platform reviewers.

Idempotent: accounts are found by username; their password is set again on every run, so the
credentials `seed_demo` prints are always true.
"""

from django.contrib.auth import get_user_model

# City platform's region code → reviewer login
REVIEWER_LOGINS = {
    "430100": ("reviewer-changsha", "Reviewer-Changsha-2026"),
    "430200": ("reviewer-zhuzhou", "Reviewer-Zhuzhou-2026"),
}


def demo_user(username, password, *, email, display_name, is_staff=False):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email, "display_name": display_name}
    )
    user.is_staff = is_staff or user.is_staff
    user.is_active = True
    # Demo data only: the printed credentials must always be true.
    user.set_password(password)
    user.save()
    return user


def seed_reviewers(ctx, cities):
    """A reviewer on each city platform of `REVIEWER_LOGINS` (`cities`: platforms by code)."""
    for code, (username, password) in REVIEWER_LOGINS.items():
        platform = cities[code]
        reviewer = demo_user(
            username,
            password,
            email=f"{username}@example.com",
            display_name=f"{platform.region_name}窗口平台审核员",
            is_staff=True,
        )
        platform.reviewers.add(reviewer)
        ctx.add_credentials(f"{platform.name}审核员 (/admin/)", username, password)
