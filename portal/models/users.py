from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's account: staff, editors, reviewers and members alike.

    Swappable from day 0 so that member fields can be added without a painful migration; which
    enterprise or institution a member acts for lives on the marketplace models.
    """

    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def get_full_name(self):
        return self.display_name or super().get_full_name() or self.username

    def __str__(self):
        return self.get_full_name()
