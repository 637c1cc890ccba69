from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """One rate-limit window of one client for one action (`portal.ratelimit`).

    Written only through `portal.ratelimit.DatabaseStore` in raw SQL (an atomic upsert), never
    with `save()`: a saved row would send `post_save`, which empties the anonymous page cache.
    """

    # "<action>:<ip or user:pk>"; the primary key, so the upsert conflicts on it.
    key = models.CharField(_("键"), max_length=200, primary_key=True)
    count = models.PositiveIntegerField(_("次数"), default=0)
    # When this window ends; expired rows are pruned (`manage.py prune_rate_limits`).
    expires_at = models.DateTimeField(_("窗口结束时间"), db_index=True)

    class Meta:
        verbose_name = _("频率限制计数")
        verbose_name_plural = _("频率限制计数")

    def __str__(self):
        return f"{self.key}: {self.count}"
