"""Public directories: 服务机构 (approved institutions, R1.7) and 企业信息 (members only, R1.8)."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from wagtail import hooks
from wagtail.images import get_image_model

from marketplace.members.media import LOGO_RENDITIONS
from marketplace.members.models import Enterprise, Industry, Institution, WindowPlatform

DIRECTORY_PAGE_SIZE = 20
# Hooks through which the apps above fill an institution's public page (wagtail_hooks.py):
# `annotate(queryset) -> queryset` and `contribute(request, institution) -> dict of context`.
INSTITUTION_DETAIL_QUERYSET_HOOK = "annotate_public_institution"
INSTITUTION_DETAIL_CONTEXT_HOOK = "public_institution_context"


def logo_prefetch():
    """Logos with their renditions in two queries, however many rows are listed."""
    images = get_image_model().objects.prefetch_renditions(*LOGO_RENDITIONS)
    return Prefetch("logo", queryset=images)


class InstitutionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("机构类型"),
        required=False,
        choices=[("", _("全部类型")), *Institution.Kind.choices],
    )
    platform = forms.ModelChoiceField(
        label=_("所属平台"),
        required=False,
        queryset=WindowPlatform.objects.filter(is_active=True).order_by("path"),
        empty_label=_("全部平台"),
    )
    region = forms.CharField(label=_("地区代码"), required=False, max_length=6)


class InstitutionListView(ListView):
    """服务机构: approved institutions only, filtered by kind, platform and region."""

    template_name = "marketplace/institution_list.html"
    context_object_name = "institutions"
    paginate_by = DIRECTORY_PAGE_SIZE

    def get_queryset(self):
        self.filter_form = InstitutionFilterForm(self.request.GET or None)
        institutions = (
            Institution.objects.approved()
            .select_related("platform")
            .prefetch_related(logo_prefetch())
            .order_by("-approved_at", "-pk")
        )
        # Invalid filter values are ignored, never an error page.
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["kind"]:
                institutions = institutions.filter(kind=data["kind"])
            if data["platform"]:
                # A platform's directory includes the windows below it.
                institutions = institutions.filter(platform__path__startswith=data["platform"].path)
            if data["region"]:
                institutions = institutions.filter(
                    region_code__startswith=_region_prefix(data["region"])
                )
        return institutions

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


def _region_prefix(region_code):
    """430000 → "43", 430100 → "4301", 430121 → "430121": a region includes those below it."""
    code = region_code.strip()
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class InstitutionDetailView(DetailView):
    """One approved institution's public profile; nothing from its qualification."""

    template_name = "marketplace/institution_detail.html"
    context_object_name = "institution"

    def get_queryset(self):
        queryset = Institution.objects.approved().select_related("platform", "logo")
        # The apps above add what they know of an institution, in the same query (服务评价,
        # R3.8: trade annotates `rating_avg` and `rating_count`).
        for annotate in hooks.get_hooks(INSTITUTION_DETAIL_QUERYSET_HOOK):
            queryset = annotate(queryset)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # …and what they show on its page (its live service products, R1.7, from the catalogue).
        for contribute in hooks.get_hooks(INSTITUTION_DETAIL_CONTEXT_HOOK):
            context.update(contribute(self.request, self.object))
        return context


class MembersOnlyMixin(LoginRequiredMixin):
    login_url = reverse_lazy("accounts:login")


class EnterpriseFilterForm(forms.Form):
    region = forms.CharField(label=_("地区代码"), required=False, max_length=6)
    industry = forms.ChoiceField(
        label=_("所属行业"),
        required=False,
        choices=[("", _("全部行业")), *Industry.choices],
    )


def listed_enterprises():
    # Accounts that were disabled drop out of the directory.
    return Enterprise.objects.filter(user__is_active=True)


class EnterpriseListView(MembersOnlyMixin, ListView):
    """企业信息: for logged-in members only (R1.8)."""

    template_name = "marketplace/enterprise_list.html"
    context_object_name = "enterprises"
    paginate_by = DIRECTORY_PAGE_SIZE

    def get_queryset(self):
        self.filter_form = EnterpriseFilterForm(self.request.GET or None)
        enterprises = listed_enterprises().prefetch_related(logo_prefetch()).order_by("-pk")
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["region"]:
                enterprises = enterprises.filter(
                    region_code__startswith=_region_prefix(data["region"])
                )
            if data["industry"]:
                enterprises = enterprises.filter(industry=data["industry"])
        return enterprises

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class EnterpriseDetailView(MembersOnlyMixin, DetailView):
    template_name = "marketplace/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_queryset(self):
        return listed_enterprises().select_related("logo")
