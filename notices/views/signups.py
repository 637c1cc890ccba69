"""Sign-up views: the form posted from an activity page, cancelling, and 我的报名."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from notices.forms import ActivitySignUpForm
from notices.models import ActivitySignUp
from notices.signups import SignUpRefused, cancel_sign_up, sign_up

LOGIN_URL = reverse_lazy("accounts:login")


def activity_signup(request, activity):
    """POST <activity>/signup/ (routed by the page, which has already required a login)."""
    activity_url = activity.get_url(request)
    if request.method != "POST":
        return redirect(activity_url)
    form = ActivitySignUpForm(request.POST)
    if not form.is_valid():
        # Show the page again with the errors beside the fields.
        return activity.render(request, context_overrides={"signup_form": form})
    try:
        sign_up(activity, request.user, **form.cleaned_data)
    except SignUpRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("报名成功！您可以在“我的报名”中查看或取消。"))
    return redirect(activity_url)


@require_POST
@login_required(login_url=LOGIN_URL)
def cancel_signup(request, pk):
    # Filtering on the user makes someone else's sign-up a plain 404.
    signup = get_object_or_404(
        ActivitySignUp.objects.select_related("activity"), pk=pk, user=request.user
    )
    title = signup.activity.title
    cancel_sign_up(signup)
    messages.success(request, _("已取消“%(title)s”的报名。") % {"title": title})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("notices:my_signups")


class MySignUpsView(ListView):
    """我的报名 (it moves into the member centre once that exists)."""

    template_name = "notices/my_signups.html"
    context_object_name = "signups"
    paginate_by = 20

    def get_queryset(self):
        return (
            ActivitySignUp.objects.filter(user=self.request.user)
            .select_related("activity")
            .defer("activity__body")
            .order_by("-created_at", "-pk")
        )


my_signups = login_required(MySignUpsView.as_view(), login_url=LOGIN_URL)
