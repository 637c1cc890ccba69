"""Orders (订单): an enterprise buys an institution's service product (R3.1–R3.7, the order side).

State machine::

    placed ──start_contract──▶ contracting ──confirm_contract──▶ contract_confirmed
      │                          │                                   │
      └──────cancel──────────────┘                            submit_contract
                                                                     ▼
    evaluated ◀──record_evaluation── completed ◀──mark_completed── contract_submitted

Every transition is one method that checks who may do it and from which state, locks the row
(`select_for_update`) inside `transaction.atomic()`, writes Wagtail's log
(`marketplace.order.<name>`) and notifies the other side once the transaction commits. An illegal
transition raises `TransitionNotAllowed` (a Chinese message) and changes nothing.

Who does what:
- `start_contract`, `submit_contract`: the institution (制作合同, 提交合同).
- `confirm_contract`: the enterprise (it has read the standard contract, R3.5).
- `mark_completed`: the **enterprise** confirms the service was delivered (确认服务完成). The
  institution delivers, but only the buyer's confirmation closes the order and opens the
  evaluation; an institution cannot mark its own work done.
- `cancel`: either side, while the order is placed or contracting, with a reason.
- `record_evaluation`: the enterprise, once completed (called by `Evaluation.submit`).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue import publishing as catalogue_publishing
from marketplace.catalogue.models.service_products import ServiceProduct
from marketplace.members.models.members import Enterprise, Institution
from portal.exceptions import ActionRefused
from portal.text_limits import too_long_message

QUANTITY_MAX_LENGTH = 200
EXPECTED_TIME_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 1000
CANCEL_REASON_MAX_LENGTH = 500


class TransitionNotAllowed(ActionRefused):
    """An order cannot go where it was asked to, or not by this user. `message` is Chinese."""


class ProfileIncomplete(TransitionNotAllowed, catalogue_publishing.ProfileIncomplete):
    """The buyer's profile lacks what the contract's 甲方 needs: the catalogue's refusal (a 403
    in the API, a link to the profile on the page), and an order transition refused."""


def _enterprise_of(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Enterprise.objects.filter(user=user).first()


def _institution_of(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Institution.objects.filter(user=user).first()


# The contract's 甲方 is filled from the buyer's profile: credit code, address, contacts.
PROFILE_INCOMPLETE_MESSAGE = _(
    "未填写资料的企业不能购买服务：合同的甲方信息（统一社会信用代码、地址、联系人等）"
    "来自企业资料，请先完善企业资料。"
)


class OrderQuerySet(models.QuerySet):
    def for_enterprise(self, enterprise):
        return self.filter(enterprise=enterprise)

    def for_institution(self, institution):
        return self.filter(institution=institution)

    def with_related(self):
        return self.select_related("enterprise", "institution", "service_product")


class Order(models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", _("已下单")
        CONTRACTING = "contracting", _("合同制作中")
        CONTRACT_CONFIRMED = "contract_confirmed", _("合同已确认")
        CONTRACT_SUBMITTED = "contract_submitted", _("合同已提交")
        COMPLETED = "completed", _("服务已完成")
        EVALUATED = "evaluated", _("已评价")
        CANCELLED = "cancelled", _("已取消")

    class Party(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INSTITUTION = "institution", _("服务机构")

    CANCELLABLE = (Status.PLACED, Status.CONTRACTING)
    # Between two members: an order never shows on a public page (portal/page_cache.py); the
    # evaluation that may follow does.
    shown_on_public_pages = False
    OPEN = (
        Status.PLACED,
        Status.CONTRACTING,
        Status.CONTRACT_CONFIRMED,
        Status.CONTRACT_SUBMITTED,
    )

    number = models.CharField(_("订单号"), max_length=32, unique=True, editable=False)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="orders", verbose_name=_("购买企业")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="orders", verbose_name=_("服务机构")
    )
    service_product = models.ForeignKey(
        ServiceProduct,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("服务产品"),
    )
    # Snapshots at order time: the product may change or be withdrawn later.
    product_name = models.CharField(_("产品名称"), max_length=100)
    price_text = models.CharField(_("价格"), max_length=100)
    quantity_or_scope = models.CharField(_("购买数量/服务范围"), max_length=QUANTITY_MAX_LENGTH)
    expected_time = models.CharField(
        _("期望服务时间"),
        max_length=EXPECTED_TIME_MAX_LENGTH,
        blank=True,
        help_text=_("例如：2026年12月前，或一个具体日期。"),
    )
    note = models.TextField(_("备注"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("订单状态"),
        max_length=24,
        choices=Status.choices,
        default=Status.PLACED,
        db_index=True,
    )
    cancel_reason = models.TextField(_("取消原因"), max_length=CANCEL_REASON_MAX_LENGTH, blank=True)
    cancelled_by = models.CharField(_("取消方"), max_length=16, choices=Party.choices, blank=True)
    idempotency_key = models.CharField(_("提交标识"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("下单时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "institution"

    class Meta:
        db_table = "marketplace_order"
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="marketplace_order_unique_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["enterprise", "status"]),
        ]

    def __str__(self):
        return self.number or gettext("新订单")

    # URLs -------------------------------------------------------------------------------------

    def get_enterprise_url(self):
        return reverse("trade:center_order", args=[self.pk])

    def get_institution_url(self):
        return reverse("trade:center_institution_order", args=[self.pk])

    def get_contract_make_url(self):
        try:
            return reverse("contracts:make", args=[self.pk])
        except NoReverseMatch:
            return ""

    # Export / display columns -------------------------------------------------------------------

    @property
    def enterprise_name(self):
        return self.enterprise.name

    @property
    def institution_name(self):
        return self.institution.name

    @property
    def platform_name(self):
        return self.institution.platform.name

    @property
    def status_label(self):
        return self.get_status_display()

    # Which admin users see an order: `marketplace.members.scoping.PLATFORM_SCOPES`.

    # Who is asking ------------------------------------------------------------------------------

    def party_of(self, user):
        """`Party.ENTERPRISE`/`Party.INSTITUTION` if `user` is this order's buyer/seller."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return None
        if self.enterprise.user_id == user.pk:
            return self.Party.ENTERPRISE
        if self.institution.user_id == user.pk:
            return self.Party.INSTITUTION
        return None

    def can_cancel(self, user):
        return self.status in self.CANCELLABLE and self.party_of(user) is not None

    def allowed_actions(self, user):
        """Names of the transitions `user` may perform now (for templates)."""
        party = self.party_of(user)
        actions = []
        if party is None:
            return actions
        if party == self.Party.INSTITUTION and self.status == self.Status.PLACED:
            actions.append("start_contract")
        if party == self.Party.ENTERPRISE and self.status == self.Status.CONTRACT_SUBMITTED:
            actions.append("mark_completed")
        if party == self.Party.ENTERPRISE and self.status == self.Status.COMPLETED:
            actions.append("evaluate")
        if self.status in self.CANCELLABLE:
            actions.append("cancel")
        return actions

    # Numbering ----------------------------------------------------------------------------------

    @staticmethod
    def _number_for(pk, day=None):
        day = day or timezone.localdate()
        return f"DD{day:%Y%m%d}-{pk:06d}"

    # Transitions --------------------------------------------------------------------------------

    @classmethod
    def place(
        cls,
        enterprise_user,
        product,
        *,
        quantity_or_scope,
        expected_time="",
        note="",
        idempotency_key="",
    ):
        """An enterprise buys `product` (R3.1). Returns the order.

        A repeated submission with the same `idempotency_key` (double click, browser resend)
        returns the order the first one created instead of a second order.
        """
        enterprise = _enterprise_of(enterprise_user)
        if enterprise is None:
            raise TransitionNotAllowed(_("只有企业用户可以购买服务。"))
        if not enterprise.is_complete:
            raise ProfileIncomplete(PROFILE_INCOMPLETE_MESSAGE)
        idempotency_key = (idempotency_key or "").strip()[:64]
        if idempotency_key:
            existing = cls.objects.filter(
                enterprise=enterprise, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                return existing
        quantity_or_scope = (quantity_or_scope or "").strip()
        if not quantity_or_scope:
            raise TransitionNotAllowed(_("请填写购买数量或服务范围。"))
        product_pk = getattr(product, "pk", product)
        try:
            with transaction.atomic():
                product = (
                    ServiceProduct.objects.public()
                    .select_for_update(of=("self",))
                    .select_related("institution")
                    .filter(pk=product_pk)
                    .first()
                )
                if product is None:
                    # Buyable is exactly `public()`: live, of an institution whose qualification
                    # is approved and whose account is active. Say which part failed.
                    if ServiceProduct.objects.filter(pk=product_pk, live=True).exists():
                        raise TransitionNotAllowed(
                            _("该服务机构未通过资质审核或已停用，暂不能购买其服务。")
                        )
                    raise TransitionNotAllowed(_("该服务产品未上架，无法购买。"))
                if product.institution.user_id == enterprise_user.pk:
                    raise TransitionNotAllowed(_("不能购买自己机构的服务产品。"))
                order = cls(
                    enterprise=enterprise,
                    institution=product.institution,
                    service_product=product,
                    product_name=product.name,
                    price_text=str(product.price_display),
                    quantity_or_scope=quantity_or_scope[:QUANTITY_MAX_LENGTH],
                    expected_time=str(expected_time or "").strip()[:EXPECTED_TIME_MAX_LENGTH],
                    note=(note or "").strip()[:NOTE_MAX_LENGTH],
                    idempotency_key=idempotency_key,
                    # Unique placeholder until the primary key is known.
                    number=f"T-{uuid.uuid4().hex[:28]}",
                )
                order.save()
                order.number = cls._number_for(order.pk)
                order.save(update_fields=["number"])
                order._log(enterprise_user, "placed", {})
                order._notify(
                    order.institution.user,
                    _("新的企业订单"),
                    _("企业“%(enterprise)s”购买了您的服务产品“%(product)s”，订单号 %(number)s。")
                    % {
                        "enterprise": enterprise.name,
                        "product": order.product_name,
                        "number": order.number,
                    },
                    order.get_institution_url(),
                )
        except IntegrityError:
            # Two submissions with the same key raced: the other one won; return its order.
            if idempotency_key:
                existing = cls.objects.filter(
                    enterprise=enterprise, idempotency_key=idempotency_key
                ).first()
                if existing is not None:
                    return existing
            raise
        return order

    def _transition(
        self,
        user,
        *,
        action,
        party,
        sources,
        target,
        denied_message,
        notify_title,
        notify_body,
        extra_data=None,
        changes=None,
    ):
        """Lock the row, check party and state, move, log, notify. Returns the fresh order."""
        expected_parties = party if isinstance(party, tuple) else (party,)
        with transaction.atomic():
            order = (
                Order.objects.select_for_update(of=("self",))
                .select_related("enterprise", "institution")
                .get(pk=self.pk)
            )
            acting = order.party_of(user)
            if acting is None or acting not in expected_parties:
                raise TransitionNotAllowed(denied_message)
            if order.status not in sources:
                raise TransitionNotAllowed(
                    _("订单当前状态为“%(status)s”，不能%(action)s。")
                    % {"status": order.get_status_display(), "action": ACTION_LABELS[action]}
                )
            previous = order.status
            order.status = target
            for field, value in (changes or {}).items():
                setattr(order, field, value)
            order.save(update_fields=["status", "updated_at", *(changes or {})])
            order._log(user, action, {"from": previous, "to": target, **(extra_data or {})})
            other = (
                order.institution.user if acting == self.Party.ENTERPRISE else order.enterprise.user
            )
            url = (
                order.get_institution_url()
                if acting == self.Party.ENTERPRISE
                else order.get_enterprise_url()
            )
            order._notify(
                other,
                notify_title,
                notify_body
                % {
                    "number": order.number,
                    "product": order.product_name,
                    "reason": (extra_data or {}).get("reason", ""),
                },
                url,
            )
        # Reflect the committed state on the caller's instance.
        self.refresh_from_db()
        return order

    def start_contract(self, user):
        """制作合同 (R3.3): the institution starts the contract; placed → contracting."""
        return self._transition(
            user,
            action="start_contract",
            party=self.Party.INSTITUTION,
            sources=(self.Status.PLACED,),
            target=self.Status.CONTRACTING,
            denied_message=_("只有接单的服务机构可以制作合同。"),
            notify_title=_("服务机构开始制作合同"),
            notify_body=_("您的订单 %(number)s（%(product)s）已进入合同制作阶段。"),
        )

    def confirm_contract(self, user):
        """The enterprise confirms the standard contract (R3.5); contracting → confirmed."""
        return self._transition(
            user,
            action="confirm_contract",
            party=self.Party.ENTERPRISE,
            sources=(self.Status.CONTRACTING,),
            target=self.Status.CONTRACT_CONFIRMED,
            denied_message=_("只有购买企业可以确认合同。"),
            notify_title=_("企业已确认合同"),
            notify_body=_("订单 %(number)s（%(product)s）的合同已由企业确认。"),
        )

    def submit_contract(self, user):
        """The institution submits the signed contract (R3.7); confirmed → submitted."""
        return self._transition(
            user,
            action="submit_contract",
            party=self.Party.INSTITUTION,
            sources=(self.Status.CONTRACT_CONFIRMED,),
            target=self.Status.CONTRACT_SUBMITTED,
            denied_message=_("只有接单的服务机构可以提交合同。"),
            notify_title=_("合同已提交"),
            notify_body=_("订单 %(number)s（%(product)s）的合同已提交，合同流程完成。"),
        )

    def mark_completed(self, user):
        """确认服务完成: the enterprise confirms delivery; submitted → completed."""
        return self._transition(
            user,
            action="mark_completed",
            party=self.Party.ENTERPRISE,
            sources=(self.Status.CONTRACT_SUBMITTED,),
            target=self.Status.COMPLETED,
            denied_message=_("只有购买企业可以确认服务完成。"),
            notify_title=_("企业已确认服务完成"),
            notify_body=_("订单 %(number)s（%(product)s）已由企业确认服务完成。"),
            changes={"completed_at": timezone.now()},
        )

    def cancel(self, user, reason):
        """取消订单: either side, before the contract is confirmed, with a reason."""
        reason = (reason or "").strip()
        if not reason:
            raise TransitionNotAllowed(_("请填写取消原因。"))
        if len(reason) > CANCEL_REASON_MAX_LENGTH:
            raise TransitionNotAllowed(
                too_long_message(_("取消原因"), CANCEL_REASON_MAX_LENGTH, len(reason))
            )
        party = self.party_of(user)
        return self._transition(
            user,
            action="cancel",
            party=(self.Party.ENTERPRISE, self.Party.INSTITUTION),
            sources=self.CANCELLABLE,
            target=self.Status.CANCELLED,
            denied_message=_("只有订单的买卖双方可以取消订单。"),
            notify_title=_("订单已取消"),
            notify_body=_("订单 %(number)s（%(product)s）已被对方取消。原因：%(reason)s"),
            extra_data={"reason": reason},
            changes={
                "cancel_reason": reason,
                "cancelled_by": party or "",
                "cancelled_at": timezone.now(),
            },
        )

    def record_evaluation(self, user, evaluation=None):
        """completed → evaluated; called by `Evaluation.submit` inside its transaction."""
        data = {}
        if evaluation is not None:
            data = {"evaluation": evaluation.pk, "score": evaluation.score}
        return self._transition(
            user,
            action="record_evaluation",
            party=self.Party.ENTERPRISE,
            sources=(self.Status.COMPLETED,),
            target=self.Status.EVALUATED,
            denied_message=_("只有购买企业可以评价服务。"),
            notify_title=_("企业评价了您的服务"),
            notify_body=_("订单 %(number)s（%(product)s）收到了企业的评价。"),
            extra_data=data,
        )

    # Helpers -------------------------------------------------------------------------------------

    def _log(self, user, name, data):
        from wagtail.log_actions import log

        log(
            instance=self,
            action=f"marketplace.order.{name}",
            user=user,
            data={"number": self.number, **data},
        )

    def _notify(self, user, title, body, url):
        from marketplace.members.notifications import notify

        notify(user, title, body, url=url)

    def history(self):
        """Wagtail log entries for this order, oldest first."""
        from wagtail.models import ModelLogEntry

        return (
            ModelLogEntry.objects.for_instance(self)
            .select_related("user")
            .order_by("timestamp", "pk")
        )


ACTION_LABELS = {
    "placed": _("下单"),
    "start_contract": _("制作合同"),
    "confirm_contract": _("确认合同"),
    "submit_contract": _("提交合同"),
    "mark_completed": _("确认服务完成"),
    "cancel": _("取消订单"),
    "record_evaluation": _("评价"),
}

# Log action names registered in wagtail_hooks (label shown in the history / admin log).
LOG_ACTIONS = {f"marketplace.order.{name}": label for name, label in ACTION_LABELS.items()}


def validate_expected_time(value):
    """Optional; a date in the past is refused, free text (e.g. "年底前") accepted."""
    value = (value or "").strip()
    if not value:
        return
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return
    if day < timezone.localdate():
        raise ValidationError(_("期望服务时间不能早于今天。"))
