from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin


class SearchBenchmarkRecordQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class SearchBenchmarkRecord(index.Indexed, models.Model):
    """A plain title + body record, indexed like any page or snippet.

    Used by the search tests and `bench/search_bench.py` to exercise the search backend without
    depending on the other apps' models. Nothing else creates rows; the table stays empty in
    production.
    """

    title = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("正文"), blank=True)

    objects = SearchBenchmarkRecordQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("body"),
        index.FilterField("title"),
    ]

    class Meta:
        verbose_name = _("搜索测试记录")
        verbose_name_plural = _("搜索测试记录")

    def __str__(self):
        return self.title
