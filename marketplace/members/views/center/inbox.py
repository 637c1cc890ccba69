"""站内消息: the member's own notifications."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from marketplace.members.models import Notification
from marketplace.members.views.center.base import MemberCentreMixin


class InboxView(MemberCentreMixin, ListView):
    template_name = "marketplace/center/inbox.html"
    context_object_name = "notifications"
    paginate_by = 20
    center_section = "inbox"

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)


class NotificationDetailView(MemberCentreMixin, DetailView):
    """Reading a message marks it read; someone else's message is a 404."""

    template_name = "marketplace/center/notification.html"
    context_object_name = "notification"
    center_section = "inbox"

    def get_object(self, queryset=None):
        notification = get_object_or_404(Notification, pk=self.kwargs["pk"], user=self.request.user)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return notification

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = self.object.url
        # Only links into this site are followed from a message.
        context["safe_url"] = (
            url
            if url
            and url_has_allowed_host_and_scheme(
                url, allowed_hosts={self.request.get_host()}, require_https=False
            )
            else ""
        )
        return context


class MarkAllReadView(MemberCentreMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        Notification.objects.filter(user=request.user).mark_read()
        messages.success(request, _("全部消息已标记为已读。"))
        return redirect("members:center_messages")
