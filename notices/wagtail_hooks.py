from wagtail import hooks

from notices.admin_views import activity_signup_viewset


@hooks.register("register_admin_viewset")
def register_activity_signup_viewset():
    return activity_signup_viewset
