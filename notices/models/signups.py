"""A member's sign-up for an activity (活动报名)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivitySignUp(models.Model):
    activity = models.ForeignKey(
        "notices.ActivityNoticePage",
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="activity_signups",
    )
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("单位名称"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=30)
    note = models.TextField(_("备注"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The last line of defence against a double click or two tabs posting at once.
            models.UniqueConstraint(fields=["activity", "user"], name="notices_one_signup_per_user")
        ]

    def __str__(self):
        return f"{self.name}（{self.organisation}）"
