"""The notices' demo members: three who have signed up for activities, and one whose login
`seed_demo` prints, to try signing up. Idempotent: found by username.
"""

from django.contrib.auth import get_user_model

DEMO_MEMBER_USERNAME = "huodong"
DEMO_MEMBER_PASSWORD = "Portal-Member-2026"


def ensure_members(ctx):
    User = get_user_model()
    attendees = []
    for number in range(1, 4):
        attendee, _created = User.objects.get_or_create(
            username=f"signup-demo-{number}", defaults={"display_name": f"报名示例用户{number}"}
        )
        attendees.append(attendee)
    member, _created = User.objects.get_or_create(
        username=DEMO_MEMBER_USERNAME, defaults={"display_name": "活动报名体验用户"}
    )
    member.is_active = True
    member.set_password(DEMO_MEMBER_PASSWORD)  # demo only: the printed credentials stay true
    member.save()
    ctx.add_credentials("会员（活动报名体验）", DEMO_MEMBER_USERNAME, DEMO_MEMBER_PASSWORD)
    return attendees
