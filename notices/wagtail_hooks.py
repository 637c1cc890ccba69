from wagtail import hooks

from home.sections import HOME_SECTION_HOOK
from notices.admin_views import activity_signup_viewset
from notices.home_sections import latest_news, open_declarations, upcoming_activities

hooks.register(HOME_SECTION_HOOK, open_declarations, order=20)
hooks.register(HOME_SECTION_HOOK, upcoming_activities, order=30)
hooks.register(HOME_SECTION_HOOK, latest_news, order=40)


@hooks.register("register_admin_viewset")
def register_activity_signup_viewset():
    return activity_signup_viewset
