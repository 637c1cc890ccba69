"""Contracts (合同) between an enterprise (甲方) and a service institution (乙方), R3.3–R3.7.

draft (the institution fills it in) → sent (the enterprise reads the 标准合同) → returned for
changes (with a comment) or confirmed → signed scans and other evidence uploaded → submitted
(immutable for members). Confirming only records the transition; the PDF is rendered in the
background once the confirmation is committed (`contracts.tasks.store_contract_pdf`), stored
privately with its SHA-256, and never changes after that (`pdf_state` says where it stands).

Every transition is one method here: it checks the role and the state, runs in a transaction
with the row locked, moves the order along, writes Wagtail's log, and notifies the other side.
An illegal one raises `ContractTransitionNotAllowed` with a Chinese message and changes nothing.
"""

import datetime
import hashlib
import logging
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from contracts.amounts import to_chinese_capitals
from contracts.exceptions import ContractTransitionNotAllowed
from contracts.files import contract_pdf_upload_to, private_storage
from contracts.models.templates import ContractTemplate
from portal.money import format_yuan
from portal.text_limits import too_long_message

logger = logging.getLogger(__name__)

AMOUNT_MAX = 10**10
# The longest texts the parties may write (portal/text_limits.py says so in the forms).
RETURN_COMMENT_MAX_LENGTH = 2000

# A PDF not stored this long after it was asked for is treated as failed (the worker may be
# down): the parties are then offered 重新生成.
PDF_STALE_AFTER = datetime.timedelta(minutes=5)

# What must be filled in before the contract may be sent to the enterprise.
REQUIRED_TO_SEND = (
    "service_content",
    "amount",
    "service_start",
    "service_end",
    "place",
    "payment_terms",
    "acceptance_criteria",
    "breach_clauses",
    "dispute_resolution",
)
# What the institution may edit while the contract is a draft or returned.
CONTENT_FIELDS = (
    "party_a_name",
    "party_a_credit_code",
    "party_a_address",
    "party_a_contact",
    "party_a_phone",
    "party_b_name",
    "party_b_credit_code",
    "party_b_address",
    "party_b_contact",
    "party_b_phone",
    "product_name",
    *REQUIRED_TO_SEND,
)

DEFAULT_DISPUTE_RESOLUTION = _(
    "因本合同引起的或与本合同有关的任何争议，双方应友好协商解决；协商不成的，"
    "任何一方均可向甲方所在地有管辖权的人民法院提起诉讼。"
)
DEFAULT_BREACH_CLAUSES = _(
    "任何一方违反本合同约定的，应承担违约责任，赔偿因此给对方造成的直接损失。"
    "乙方逾期提供服务的，每逾期一日，按合同金额的千分之一向甲方支付违约金；"
    "甲方逾期付款的，每逾期一日，按逾期金额的千分之一向乙方支付违约金。"
)


def _order_transition_error():
    """The order's TransitionNotAllowed (the orders app's), or a stand-in that never matches."""
    try:
        from marketplace.trade.models.orders import TransitionNotAllowed
    except ImportError:  # pragma: no cover - the orders module ships with marketplace
        return ()
    return TransitionNotAllowed


class ContractQuerySet(models.QuerySet):
    def for_member(self, user):
        """Contracts of which `user` is a party (the enterprise's or the institution's user)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            models.Q(order__enterprise__user=user) | models.Q(order__institution__user=user)
        )

    def with_parties(self):
        return self.select_related(
            "order",
            "order__enterprise",
            "order__enterprise__user",
            "order__institution",
            "order__institution__user",
            "order__institution__platform",
        )


class Contract(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SENT = "sent", _("待企业确认")
        RETURNED = "returned", _("退回修改")
        CONFIRMED = "confirmed", _("已确认")
        SUBMITTED = "submitted", _("已提交")

    class PdfState(models.TextChoices):
        NONE = "none", _("确认后生成")
        PENDING = "pending", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    order = models.OneToOneField(
        "trade.Order",
        on_delete=models.PROTECT,
        related_name="contract",
        verbose_name=_("订单"),
    )
    number = models.CharField(_("合同编号"), max_length=32, unique=True, editable=False)
    template_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("标准合同版本"),
    )

    # 甲方: the enterprise, pre-filled from its profile
    party_a_name = models.CharField(_("甲方名称"), max_length=150, blank=True)
    party_a_credit_code = models.CharField(_("甲方统一社会信用代码"), max_length=18, blank=True)
    party_a_address = models.CharField(_("甲方地址"), max_length=255, blank=True)
    party_a_contact = models.CharField(_("甲方联系人"), max_length=50, blank=True)
    party_a_phone = models.CharField(_("甲方联系电话"), max_length=20, blank=True)
    # 乙方: the institution, pre-filled from its profile and qualification
    party_b_name = models.CharField(_("乙方名称"), max_length=150, blank=True)
    party_b_credit_code = models.CharField(_("乙方统一社会信用代码"), max_length=18, blank=True)
    party_b_address = models.CharField(_("乙方地址"), max_length=255, blank=True)
    party_b_contact = models.CharField(_("乙方联系人"), max_length=50, blank=True)
    party_b_phone = models.CharField(_("乙方联系电话"), max_length=20, blank=True)

    # What the standard contract requires
    product_name = models.CharField(_("服务产品"), max_length=200, blank=True)
    service_content = models.TextField(_("服务内容"), max_length=5000, blank=True)
    amount = models.DecimalField(
        _("合同金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(AMOUNT_MAX - 1)],
    )
    service_start = models.DateField(_("服务开始日期"), null=True, blank=True)
    service_end = models.DateField(_("服务结束日期"), null=True, blank=True)
    place = models.CharField(_("服务地点"), max_length=255, blank=True)
    payment_terms = models.TextField(_("付款方式"), max_length=2000, blank=True)
    acceptance_criteria = models.TextField(_("验收标准"), max_length=2000, blank=True)
    breach_clauses = models.TextField(_("违约责任"), max_length=2000, blank=True)
    dispute_resolution = models.TextField(_("争议解决"), max_length=1000, blank=True)

    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        db_index=True,
    )
    return_comment = models.TextField(
        _("退回意见"), max_length=RETURN_COMMENT_MAX_LENGTH, blank=True, editable=False
    )
    pdf = models.FileField(
        _("合同 PDF"),
        storage=private_storage,
        upload_to=contract_pdf_upload_to,
        max_length=255,
        blank=True,
        editable=False,
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, editable=False)
    pdf_requested_at = models.DateTimeField(
        _("PDF 生成请求时间"), null=True, blank=True, editable=False
    )
    pdf_failed_at = models.DateTimeField(
        _("PDF 生成失败时间"), null=True, blank=True, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("制作人"),
    )
    created_at = models.DateTimeField(_("制作时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)

    objects = ContractQuerySet.as_manager()

    # Read in the admin by the institution's window platform: `marketplace.members.scoping`.

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "order"

    class Meta:
        verbose_name = _("合同")
        verbose_name_plural = _("合同")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="contracts_contract_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.party_a_name} / {self.party_b_name}"

    def get_absolute_url(self):
        return reverse("contracts:detail", args=[self.pk])

    # Derived values -----------------------------------------------------------------------

    @property
    def amount_display(self):
        """「¥128,000.00」 (portal.money), as prices are written everywhere else."""
        return format_yuan(self.amount)

    @property
    def amount_in_capitals(self):
        if self.amount is None:
            return ""
        try:
            return to_chinese_capitals(self.amount)
        except ValueError:
            return ""

    @property
    def enterprise(self):
        return self.order.enterprise

    @property
    def institution(self):
        return self.order.institution

    @property
    def platform_name(self):
        return self.order.institution.platform.name

    @property
    def order_number(self):
        return self.order.number

    @property
    def status_label(self):
        return self.get_status_display()

    @property
    def signed_scans(self):
        from contracts.models.documents import ContractDocument

        return self.documents.filter(kind=ContractDocument.Kind.SIGNED_SCAN)

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def missing_fields(self):
        return [
            self._meta.get_field(name).verbose_name
            for name in REQUIRED_TO_SEND
            if getattr(self, name) in (None, "") or not str(getattr(self, name)).strip()
        ]

    def get_edit_url(self):
        return reverse("contracts:edit", args=[self.pk])

    def get_pdf_url(self):
        return reverse("contracts:pdf", args=[self.pk])

    @property
    def pdf_state(self):
        """Where the confirmed PDF stands: none before confirmation, then pending → ready, or
        failed (a render raised, or nothing stored within PDF_STALE_AFTER)."""
        if self.pdf:
            return self.PdfState.READY
        if self.status not in (self.Status.CONFIRMED, self.Status.SUBMITTED):
            return self.PdfState.NONE
        if self.pdf_failed_at is not None:
            return self.PdfState.FAILED
        requested = self.pdf_requested_at or self.confirmed_at
        if requested is None or timezone.now() - requested > PDF_STALE_AFTER:
            return self.PdfState.FAILED
        return self.PdfState.PENDING

    # Roles ---------------------------------------------------------------------------------

    def is_enterprise_user(self, user):
        return getattr(user, "is_authenticated", False) and (
            self.order.enterprise.user_id == user.pk and user.is_active
        )

    def is_institution_user(self, user):
        return getattr(user, "is_authenticated", False) and (
            self.order.institution.user_id == user.pk and user.is_active
        )

    def allowed_actions(self, user):
        """Names of what `user` may do with this contract now (the centre's buttons, the API).

        The transitions check again when called; this only says which to offer.
        """
        actions = []
        if self.is_institution_user(user):
            if self.is_editable:
                actions = ["edit", "send"]
            elif self.status == self.Status.CONFIRMED:
                actions = ["upload", "remove_document", "submit"]
        elif self.is_enterprise_user(user) and self.status == self.Status.SENT:
            actions = ["return", "confirm"]
        if self.pdf_state == self.PdfState.FAILED and self.is_party(user):
            actions.append("regenerate_pdf")
        return actions

    def is_party(self, user):
        return self.is_enterprise_user(user) or self.is_institution_user(user)

    def _require_institution(self, user):
        if not self.is_institution_user(user):
            raise ContractTransitionNotAllowed(gettext("只有该订单的服务机构可以进行此操作。"))

    def _require_enterprise(self, user):
        if not self.is_enterprise_user(user):
            raise ContractTransitionNotAllowed(gettext("只有该订单的企业可以进行此操作。"))

    def _require_status(self, allowed, action):
        if self.status not in allowed:
            raise ContractTransitionNotAllowed(
                gettext("合同当前状态为“%(status)s”，不能%(action)s。")
                % {"status": self.get_status_display(), "action": action}
            )

    def _locked(self):
        """This contract re-read under a row lock, with both parties (call inside atomic)."""
        return type(self).objects.select_for_update(of=("self",)).with_parties().get(pk=self.pk)

    def _finish(self, locked):
        """Copy the committed state back onto `self`, so callers see the new status."""
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(locked, field.attname))
        self.order = locked.order
        return self

    def _notify(self, user, title, body):
        from marketplace.members.notifications import notify

        notify(user, title, body, url=self.get_absolute_url())

    def _call_order(self, method_name, user):
        """Move the order along; its refusal becomes ours (and rolls everything back)."""
        try:
            getattr(self.order, method_name)(user)
        except _order_transition_error() as error:
            raise ContractTransitionNotAllowed(str(error)) from error

    # 制作合同 -------------------------------------------------------------------------------

    @classmethod
    def make_for(cls, order, user):
        """Start the contract of `order` (the order's institution only). Idempotent."""
        Order = apps.get_model("trade", "Order")

        existing = cls.objects.filter(order_id=order.pk).first()
        if existing is not None:
            existing._require_viewer_is_party(user)
            return existing
        try:
            with transaction.atomic():
                order = (
                    Order.objects.select_for_update(of=("self",))
                    .select_related("enterprise", "institution", "institution__platform")
                    .get(pk=order.pk)
                )
                # Someone may have made it while we waited for the lock.
                existing = cls.objects.filter(order_id=order.pk).first()
                if existing is not None:
                    existing._require_viewer_is_party(user)
                    return existing
                if not (
                    getattr(user, "is_authenticated", False)
                    and user.is_active
                    and order.institution.user_id == user.pk
                ):
                    raise ContractTransitionNotAllowed(
                        gettext("只有该订单的服务机构可以制作合同。")
                    )
                # A placed order moves to contracting now; one the institution already moved
                # there (the order's own start_contract) gets the contract it still lacks.
                if order.status not in (Order.Status.PLACED, Order.Status.CONTRACTING):
                    raise ContractTransitionNotAllowed(
                        gettext("订单当前状态为“%(status)s”，不能制作合同。")
                        % {"status": order.get_status_display()}
                    )
                contract = cls(order=order, created_by=user)
                contract.prefill()
                contract.number = cls.next_number(order)
                contract.save()
                if order.status == Order.Status.PLACED:
                    # The order's start_contract tells the enterprise.
                    contract._call_order("start_contract", user)
                log(instance=contract, action="contracts.make", user=user)
                return contract
        except IntegrityError:
            # A concurrent request made it first (the one-to-one is unique).
            existing = cls.objects.filter(order_id=order.pk).first()
            if existing is None:
                raise
            existing._require_viewer_is_party(user)
            return existing

    def _require_viewer_is_party(self, user):
        if not self.is_institution_user(user):
            raise ContractTransitionNotAllowed(gettext("只有该订单的服务机构可以制作合同。"))

    @staticmethod
    def next_number(order):
        """HT + date + the order's id: unique because an order has one contract."""
        return f"HT{timezone.localdate():%Y%m%d}{order.pk:06d}"

    def prefill(self):
        """Snapshot both parties and the product from their profiles (editable while a draft)."""
        order = self.order
        enterprise, institution = order.enterprise, order.institution
        qualification = getattr(institution, "qualification", None)
        self.party_a_name = enterprise.name
        self.party_a_credit_code = enterprise.credit_code
        self.party_a_address = enterprise.address or enterprise.region_name
        self.party_a_contact = enterprise.contact_name
        self.party_a_phone = enterprise.contact_phone
        self.party_b_name = (
            qualification.display_name if qualification else ""
        ) or institution.name
        self.party_b_credit_code = (
            qualification.credit_code if qualification and not qualification.is_expert else ""
        )
        self.party_b_address = institution.region_name
        self.party_b_contact = (
            (qualification.expert_name if qualification.is_expert else qualification.contact_name)
            if qualification
            else ""
        )
        self.party_b_phone = institution.contact_phone or (
            qualification.contact_phone if qualification else ""
        )
        self.product_name = getattr(order, "product_name", "") or str(order.service_product or "")
        product = order.service_product
        if product is not None:
            self.service_content = _plain_text(getattr(product, "content", "")) or getattr(
                product, "summary", ""
            )
        self.amount = None
        if product is not None and getattr(product, "price_mode", "") == "fixed":
            self.amount = product.price
        if self.amount is None:
            self.amount = _amount_from_text(getattr(order, "price_text", ""))
        self.breach_clauses = str(DEFAULT_BREACH_CLAUSES)
        self.dispute_resolution = str(DEFAULT_DISPUTE_RESOLUTION)
        template = ContractTemplate.objects.active().first()
        self.template_revision = template.latest_revision if template else None

    # 保存草稿 ------------------------------------------------------------------------------

    def save_draft(self, user, values):
        """Write the content fields in `values` (institution; draft or returned only)."""
        with transaction.atomic():
            locked = self._locked()
            locked._require_institution(user)
            locked._require_status(
                (self.Status.DRAFT, self.Status.RETURNED), gettext("修改合同内容")
            )
            changed = []
            for name in CONTENT_FIELDS:
                # The form checks lengths too; this holds for any caller (the member API).
                limit = self._meta.get_field(name).max_length
                if limit and isinstance(values.get(name), str) and len(values[name]) > limit:
                    raise ContractTransitionNotAllowed(
                        too_long_message(
                            self._meta.get_field(name).verbose_name, limit, len(values[name])
                        )
                    )
                if name in values and getattr(locked, name) != values[name]:
                    setattr(locked, name, values[name] if values[name] is not None else None)
                    changed.append(name)
            if changed:
                locked.save(update_fields=[*changed, "updated_at"])
                log(instance=locked, action="contracts.save_draft", user=user)
        return self._finish(locked)

    # 发送给企业 ----------------------------------------------------------------------------

    def send(self, user):
        with transaction.atomic():
            locked = self._locked()
            locked._require_institution(user)
            locked._require_status((self.Status.DRAFT, self.Status.RETURNED), gettext("发送给企业"))
            missing = locked.missing_fields
            if missing:
                raise ContractTransitionNotAllowed(
                    gettext("请先填写：%(fields)s。") % {"fields": "、".join(map(str, missing))}
                )
            if locked.service_end < locked.service_start:
                raise ContractTransitionNotAllowed(gettext("服务结束日期不能早于开始日期。"))
            # The wording the enterprise will read: the current standard contract.
            template = ContractTemplate.objects.active().first()
            if template is not None and template.latest_revision is not None:
                locked.template_revision = template.latest_revision
            locked.status = self.Status.SENT
            locked.sent_at = timezone.now()
            locked.save(update_fields=["status", "sent_at", "template_revision", "updated_at"])
            log(instance=locked, action="contracts.send", user=user)
            locked._notify(
                locked.order.enterprise.user,
                gettext("请确认合同"),
                gettext("“%(institution)s”已将合同 %(number)s 发送给您，请查看标准合同并确认。")
                % {"institution": locked.party_b_name, "number": locked.number},
            )
        return self._finish(locked)

    # 退回修改 ------------------------------------------------------------------------------

    def return_for_changes(self, user, comment):
        comment = (comment or "").strip()
        with transaction.atomic():
            locked = self._locked()
            locked._require_enterprise(user)
            locked._require_status((self.Status.SENT,), gettext("退回修改"))
            if not comment:
                raise ContractTransitionNotAllowed(gettext("退回修改时请填写修改意见。"))
            if len(comment) > RETURN_COMMENT_MAX_LENGTH:
                raise ContractTransitionNotAllowed(
                    too_long_message(gettext("修改意见"), RETURN_COMMENT_MAX_LENGTH, len(comment))
                )
            locked.status = self.Status.RETURNED
            locked.return_comment = comment
            locked.save(update_fields=["status", "return_comment", "updated_at"])
            log(
                instance=locked,
                action="contracts.return_for_changes",
                user=user,
                data={"comment": comment},
            )
            locked._notify(
                locked.order.institution.user,
                gettext("合同被退回修改"),
                gettext("企业“%(enterprise)s”退回了合同 %(number)s。修改意见：%(comment)s")
                % {"enterprise": locked.party_a_name, "number": locked.number, "comment": comment},
            )
        return self._finish(locked)

    # 确认合同 ------------------------------------------------------------------------------

    def confirm(self, user):
        """The enterprise confirms. The PDF is not made in this request: a task renders and
        stores it once the confirmation is committed (at commit with the immediate backend)."""
        with transaction.atomic():
            locked = self._locked()
            locked._require_enterprise(user)
            locked._require_status((self.Status.SENT,), gettext("确认"))
            locked.status = self.Status.CONFIRMED
            locked.confirmed_at = locked.pdf_requested_at = timezone.now()
            locked.pdf_failed_at = None
            locked.save(
                update_fields=[
                    "status",
                    "confirmed_at",
                    "pdf_requested_at",
                    "pdf_failed_at",
                    "updated_at",
                ]
            )
            locked._call_order("confirm_contract", user)
            # The order's confirm_contract tells the institution.
            log(instance=locked, action="contracts.confirm", user=user)
            if not locked.pdf:
                locked._enqueue_pdf()
        return self._finish(locked)

    # 合同 PDF ------------------------------------------------------------------------------

    def _enqueue_pdf(self):
        """Ask for the PDF once this transaction commits (the worker must see the row). An
        enqueue that fails is logged, not raised: the confirmation stands and the parties are
        offered 重新生成 once the PDF is overdue."""
        from contracts.tasks import store_contract_pdf

        transaction.on_commit(partial(store_contract_pdf.enqueue, self.pk), robust=True)

    def store_pdf(self):
        """Render the confirmed contract and store the PDF with its SHA-256, once.

        Returns True if this call stored it; False if there was nothing to do (not confirmed,
        or stored already: a stored PDF is never replaced, so its hash holds). Rendering takes
        seconds and happens outside the row lock: the content cannot change after confirmation,
        and of two concurrent renders the first to store wins, the other's file is not kept.
        """
        from contracts import pdf

        current = type(self).objects.with_parties().get(pk=self.pk)
        if current.pdf or current.status not in (self.Status.CONFIRMED, self.Status.SUBMITTED):
            return False
        content = pdf.render_contract_pdf(current)
        stored_name = None
        try:
            with transaction.atomic():
                locked = self._locked()
                if locked.pdf:
                    return False
                locked.pdf_sha256 = hashlib.sha256(content).hexdigest()
                locked.pdf.save(f"{locked.number}.pdf", ContentFile(content), save=False)
                stored_name = locked.pdf.name
                locked.pdf_failed_at = None
                locked.save(update_fields=["pdf", "pdf_sha256", "pdf_failed_at"])
                log(instance=locked, action="contracts.store_pdf", user=None)
        except BaseException:
            # Nothing half-done: a PDF stored for a save that rolled back goes too.
            if stored_name:
                try:
                    private_storage().delete(stored_name)
                except OSError:  # pragma: no cover
                    logger.exception("Could not delete orphan contract PDF %s", stored_name)
            raise
        self._finish(locked)
        return True

    def mark_pdf_failed(self):
        """Record that a render failed (the parties are offered 重新生成)."""
        type(self).objects.filter(pk=self.pk, pdf="").update(pdf_failed_at=timezone.now())

    def regenerate_pdf(self, user):
        """重新生成: either party asks again for a PDF that failed or is overdue. A stored PDF
        is never made again."""
        with transaction.atomic():
            locked = self._locked()
            if not locked.is_party(user):
                raise ContractTransitionNotAllowed(gettext("只有合同双方可以重新生成合同 PDF。"))
            state = locked.pdf_state
            if state == self.PdfState.READY:
                raise ContractTransitionNotAllowed(
                    gettext("合同 PDF 已生成，生成后不再改变，可以直接下载。")
                )
            if state == self.PdfState.NONE:
                raise ContractTransitionNotAllowed(gettext("企业确认合同后才会生成合同 PDF。"))
            if state == self.PdfState.PENDING:
                raise ContractTransitionNotAllowed(
                    gettext("合同 PDF 正在生成，请稍候刷新页面查看。")
                )
            locked.pdf_requested_at = timezone.now()
            locked.pdf_failed_at = None
            locked.save(update_fields=["pdf_requested_at", "pdf_failed_at"])
            log(instance=locked, action="contracts.regenerate_pdf", user=user)
            locked._enqueue_pdf()
        return self._finish(locked)

    # 上传扫描件、补充合同、发票 ------------------------------------------------------------

    def add_document(self, user, kind, file, note=""):
        from contracts.models.documents import ContractDocument

        with transaction.atomic():
            locked = self._locked()
            locked._require_institution(user)
            locked._require_status((self.Status.CONFIRMED,), gettext("上传文件"))
            if kind not in ContractDocument.Kind.values:
                raise ContractTransitionNotAllowed(gettext("请选择文件类型。"))
            document = ContractDocument(
                contract=locked, kind=kind, note=(note or "").strip()[:200], uploaded_by=user
            )
            document.file = file
            document.full_clean(exclude=["contract", "uploaded_by"])
            document.save()
            log(
                instance=locked,
                action="contracts.add_document",
                user=user,
                data={"kind": kind, "document": document.pk},
            )
        self._finish(locked)
        return document

    def remove_document(self, user, document_id):
        with transaction.atomic():
            locked = self._locked()
            locked._require_institution(user)
            locked._require_status((self.Status.CONFIRMED,), gettext("删除文件"))
            document = locked.documents.filter(pk=document_id).first()
            if document is None:
                raise ContractTransitionNotAllowed(gettext("文件不存在或已删除。"))
            name = document.file.name
            document.delete()
            log(
                instance=locked,
                action="contracts.remove_document",
                user=user,
                data={"kind": document.kind},
            )
            transaction.on_commit(lambda: private_storage().delete(name))
        return self._finish(locked)

    # 提交合同 ------------------------------------------------------------------------------

    def submit(self, user):
        with transaction.atomic():
            locked = self._locked()
            locked._require_institution(user)
            locked._require_status((self.Status.CONFIRMED,), gettext("提交"))
            if not locked.pdf:
                raise ContractTransitionNotAllowed(
                    gettext("合同 PDF 尚未生成，请在合同 PDF 生成后再提交合同。")
                )
            if not locked.signed_scans.exists():
                raise ContractTransitionNotAllowed(
                    gettext("请先上传双方签字盖章的合同扫描件，再提交合同。")
                )
            locked.status = self.Status.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["status", "submitted_at", "updated_at"])
            locked._call_order("submit_contract", user)
            # The order's submit_contract tells the enterprise.
            log(instance=locked, action="contracts.submit", user=user)
        return self._finish(locked)


def _plain_text(html):
    from django.utils.html import strip_tags

    return strip_tags(html).strip()[:5000]


def _amount_from_text(text):
    """'12,000.00 元' → Decimal('12000.00'); anything unclear (面议, ranges) → None."""
    import re
    from decimal import Decimal, InvalidOperation

    cleaned = (text or "").replace(",", "").replace("，", "")
    numbers = re.findall(r"\d+(?:\.\d{1,2})?", cleaned)
    if len(numbers) != 1 or "万" in cleaned:
        return None
    try:
        value = Decimal(numbers[0])
    except InvalidOperation:
        return None
    return value if 0 <= value < AMOUNT_MAX else None


# Registered with the model, not in wagtail_hooks (hooks load lazily; see qualifications).
def _register_policy():
    from wagtail.permissions import register_permission_policy

    from contracts.permissions import make_contract_policy

    register_permission_policy(Contract, make_contract_policy())
