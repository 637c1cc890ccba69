"""Evaluations (服务评价, R3.8): one per order, by the buying enterprise, once the service is done.

The institution may reply once; operators may hide an abusive evaluation (kept, with the reason);
hidden evaluations do not count in averages (`rating_annotations`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.trade.models.orders import Order, TransitionNotAllowed
from portal.text_limits import too_long_message

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_CHOICES = [(i, str(i)) for i in range(5, 0, -1)]
# What each number of stars means, as the evaluation form and the public pages say it.
SCORE_MEANINGS = {
    1: _("很不满意"),
    2: _("不满意"),
    3: _("一般"),
    4: _("满意"),
    5: _("很满意"),
}
COMMENT_MAX_LENGTH = 1000
REPLY_MAX_LENGTH = 1000
HIDE_REASON_MAX_LENGTH = 500

EVALUATION_LOG_ACTIONS = {
    "marketplace.evaluation.reply": _("回复评价"),
    "marketplace.evaluation.hide": _("隐藏评价"),
    "marketplace.evaluation.unhide": _("恢复显示评价"),
}


def rating_annotations(prefix):
    """`rating_avg` and `rating_count` over visible evaluations reached by `prefix`.

    `prefix` is the ORM path to Order from the annotated model, e.g. "orders" for ServiceProduct
    and Institution.
    """
    visible = Q(**{f"{prefix}__evaluation__isnull": False}) & Q(
        **{f"{prefix}__evaluation__is_hidden": False}
    )
    return {
        "rating_avg": Avg(f"{prefix}__evaluation__score", filter=visible),
        "rating_count": Count(f"{prefix}__evaluation", filter=visible, distinct=True),
    }


def score_label(score):
    """「4 星：满意」: a score with its meaning."""
    return _("%(score)s 星：%(meaning)s") % {"score": score, "meaning": SCORE_MEANINGS[score]}


def score_stars(score):
    """「★★★★☆」: a score drawn as five stars (shown beside its `score_label`)."""
    return "★" * score + "☆" * (5 - score)


class Score:
    """One criterion of an evaluation as the pages show it."""

    def __init__(self, label, value):
        self.label = label
        self.value = value
        self.stars = score_stars(value)
        self.meaning = score_label(value)


# Anonymised buyer on public pages: the enterprise name's first character and 「**」 (decision
# 0011); only that character is read from the database.
ANONYMOUS_BUYER_SUFFIX = "**"


class EvaluationQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def public_comments(self):
        """Written comments the public may read (hidden ones excepted), newest first, with
        `buyer_initial` and `service_name`, in one query however many there are."""
        return (
            self.visible()
            .exclude(comment="")
            .annotate(
                buyer_initial=Left("order__enterprise__name", 1),
                service_name=F("order__product_name"),
            )
            .defer("hidden_reason", "hidden_at")
            .order_by("-created_at", "-pk")
        )


class Evaluation(models.Model):
    order = models.OneToOneField(
        Order, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("订单")
    )
    score = models.PositiveSmallIntegerField(
        _("总体评分"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    quality_score = models.PositiveSmallIntegerField(
        _("服务质量"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    speed_score = models.PositiveSmallIntegerField(
        _("响应速度"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    expertise_score = models.PositiveSmallIntegerField(
        _("专业水平"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    comment = models.TextField(_("评价内容"), max_length=COMMENT_MAX_LENGTH)
    reply = models.TextField(_("机构回复"), max_length=REPLY_MAX_LENGTH, blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    is_hidden = models.BooleanField(_("已隐藏"), default=False, db_index=True)
    hidden_reason = models.CharField(_("隐藏原因"), max_length=HIDE_REASON_MAX_LENGTH, blank=True)
    hidden_at = models.DateTimeField(_("隐藏时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)

    objects = EvaluationQuerySet.as_manager()

    # Which admin users see an evaluation: `marketplace.members.scoping.PLATFORM_SCOPES`.

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "order"

    class Meta:
        db_table = "marketplace_evaluation"
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5)
                & Q(quality_score__gte=1, quality_score__lte=5)
                & Q(speed_score__gte=1, speed_score__lte=5)
                & Q(expertise_score__gte=1, expertise_score__lte=5),
                name="marketplace_evaluation_scores_1_5",
            )
        ]

    def __str__(self):
        return _("订单 %(number)s 的评价") % {"number": self.order.number}

    CRITERIA = ("score", "quality_score", "speed_score", "expertise_score")

    def scores(self):
        """Each criterion with its stars and meaning, 总体评分 first."""
        return [
            Score(self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.CRITERIA
        ]

    @property
    def overall(self):
        return Score(self._meta.get_field("score").verbose_name, self.score)

    @property
    def buyer_display_name(self):
        """The buyer as the public sees it: 「湖**」 (needs `public_comments()`'s annotation)."""
        return f"{self.buyer_initial}{ANONYMOUS_BUYER_SUFFIX}"

    # Export columns
    @property
    def order_number(self):
        return self.order.number

    @property
    def enterprise_name(self):
        return self.order.enterprise.name

    @property
    def institution_name(self):
        return self.order.institution.name

    @property
    def product_name(self):
        return self.order.product_name

    @classmethod
    def submit(cls, user, order, *, score, quality_score, speed_score, expertise_score, comment):
        """The enterprise rates a completed order: "提交" (R3.8). Exactly one per order."""
        scores = [score, quality_score, speed_score, expertise_score]
        if any(not isinstance(s, int) or not 1 <= s <= 5 for s in scores):
            raise TransitionNotAllowed(_("评分须为 1 到 5 分。"))
        comment = (comment or "").strip()
        if not comment:
            raise TransitionNotAllowed(_("请填写评价内容。"))
        if len(comment) > COMMENT_MAX_LENGTH:
            raise TransitionNotAllowed(
                too_long_message(_("评价内容"), COMMENT_MAX_LENGTH, len(comment))
            )
        try:
            with transaction.atomic():
                locked = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
                if locked.party_of(user) != Order.Party.ENTERPRISE:
                    raise TransitionNotAllowed(_("只有购买企业可以评价服务。"))
                if cls.objects.filter(order=locked).exists():
                    raise TransitionNotAllowed(_("该订单已评价，不能重复评价。"))
                if locked.status != Order.Status.COMPLETED:
                    raise TransitionNotAllowed(_("服务完成后才能评价。"))
                evaluation = cls.objects.create(
                    order=locked,
                    score=score,
                    quality_score=quality_score,
                    speed_score=speed_score,
                    expertise_score=expertise_score,
                    comment=comment,
                )
                locked.record_evaluation(user, evaluation)
        except IntegrityError:
            # A concurrent submission created this order's evaluation first.
            raise TransitionNotAllowed(_("该订单已评价，不能重复评价。")) from None
        order.refresh_from_db()
        return evaluation

    def add_reply(self, user, text):
        """The institution replies once."""
        text = (text or "").strip()
        if not text:
            raise TransitionNotAllowed(_("请填写回复内容。"))
        if len(text) > REPLY_MAX_LENGTH:
            raise TransitionNotAllowed(too_long_message(_("回复"), REPLY_MAX_LENGTH, len(text)))
        with transaction.atomic():
            evaluation = (
                Evaluation.objects.select_for_update(of=("self",))
                .select_related("order__enterprise", "order__institution")
                .get(pk=self.pk)
            )
            if evaluation.order.party_of(user) != Order.Party.INSTITUTION:
                raise TransitionNotAllowed(_("只有提供服务的机构可以回复评价。"))
            if evaluation.reply:
                raise TransitionNotAllowed(_("每条评价只能回复一次。"))
            evaluation.reply = text
            evaluation.replied_at = timezone.now()
            evaluation.save(update_fields=["reply", "replied_at"])
            evaluation._log(user, "reply", {"order": evaluation.order.number})
            from marketplace.members.notifications import notify

            notify(
                evaluation.order.enterprise.user,
                _("服务机构回复了您的评价"),
                _("订单 %(number)s 的评价收到了服务机构的回复。")
                % {"number": evaluation.order.number},
                url=evaluation.order.get_enterprise_url(),
            )
        self.refresh_from_db()
        return evaluation

    def set_hidden(self, user, hidden, reason=""):
        """Operators hide an abusive evaluation (kept, with the reason) or show it again."""
        reason = (reason or "").strip()
        if hidden and not reason:
            raise TransitionNotAllowed(_("隐藏评价必须填写原因。"))
        with transaction.atomic():
            evaluation = Evaluation.objects.select_for_update(of=("self",)).get(pk=self.pk)
            evaluation.is_hidden = hidden
            evaluation.hidden_reason = reason[:HIDE_REASON_MAX_LENGTH] if hidden else ""
            evaluation.hidden_at = timezone.now() if hidden else None
            evaluation.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
            evaluation._log(user, "hide" if hidden else "unhide", {"reason": reason})
        self.refresh_from_db()
        return evaluation

    def _log(self, user, name, data):
        from wagtail.log_actions import log

        log(instance=self, action=f"marketplace.evaluation.{name}", user=user, data=data)
