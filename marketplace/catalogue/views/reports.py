"""举报: any visitor may report a reportable object (a demand, an enterprise product, …).

One view serves every model inheriting `ReportableMixin`: `/report/<app_label.model>/<pk>/`.
Only rows the public can see may be reported; reports are rate-limited per client IP so the
form cannot be used to flood the operators' queue.
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from marketplace.catalogue.models import ContentReport
from portal.ratelimit import RateLimit
from portal.text_limits import LengthLimitsMixin

report_limit = RateLimit("content-report", limit=10, window=60 * 60)


class ContentReportForm(LengthLimitsMixin, forms.ModelForm):
    class Meta:
        model = ContentReport
        fields = ["reason", "detail"]
        widgets = {"reason": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 4})}


def reportable_object(label, pk):
    """The public object named by `app_label.model_name` and pk, or 404."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not getattr(model, "reportable", False):
        raise Http404
    obj = model.reportable_objects().filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class ReportContentView(FormView):
    template_name = "marketplace/reports/report_form.html"
    form_class = ContentReportForm

    def dispatch(self, request, *args, label, pk, **kwargs):
        self.object = reportable_object(label, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            object_url=self.back_url(),
            model_name=self.object._meta.verbose_name,
            **kwargs,
        )

    def back_url(self):
        url = getattr(self.object, "get_absolute_url", lambda: "/")()
        return url if url_has_allowed_host_and_scheme(url, allowed_hosts=None) else "/"

    def form_valid(self, form):
        # Counts and decides in one atomic step (portal.ratelimit), shared by every worker.
        decision = report_limit.acquire(self.request)
        if not decision.allowed:
            form.add_error(None, _("举报过于频繁，请稍后再试。"))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response
        report = form.save(commit=False)
        report.content_type = ContentType.objects.get_for_model(self.object)
        report.object_id = str(self.object.pk)
        report.object_title = str(self.object)[:255]
        if self.request.user.is_authenticated:
            report.reporter = self.request.user
        report.save()
        messages.success(self.request, _("举报已提交，平台运营人员会尽快核实处理。感谢您的监督。"))
        return redirect(self.back_url())
