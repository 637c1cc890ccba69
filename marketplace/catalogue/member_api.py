"""The catalogue's member API (/api/v2/me/…): my image library, my products, my demands.

The member centre's rules, not a copy of them:

- 图片库 (R2.4): any enterprise or institution; uploads go through the library's own upload form
  (`LibraryUploadForm`: the portal's upload check, all or nothing) and `save_library_images`,
  which queues the three pre-generated sizes; until they exist an image is `ready: false`.
- 企业产品 (R2.2–R2.5): enterprises only. `POST products/` is 发布 — the product form
  (`ProductForm`: main images from the member's own library only, the description sanitised
  as on the page, length limits) plus a leaf category of the tree, as the page's category step
  offers; the order of `main_images` is their order (the first is the cover). 下架 and
  重新上架 are `EnterpriseProduct.withdraw` / `relist`; publishing and relisting need a complete
  profile (`marketplace.catalogue.publishing`), refused with the page's message as a 403.
- 需求 (R2.6): enterprises only. `POST demands/` is 确认发布 through `DemandForm` and
  `Demand.publish`; `?preview=true` is the page's 预览 (checked, nothing stored). A published
  demand is not edited (the member centre offers no edit either); the owner closes it.

Another member's product, demand or image is a 404, exactly as on the pages.
"""

import copy

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from marketplace.catalogue.images import (
    PRODUCT_IMAGE_FORMATS,
    PRODUCT_IMAGE_SIZES,
    PRODUCT_RENDITION_SPECS,
    member_images,
    product_rendition_urls,
    product_renditions_ready,
    save_library_images,
)
from marketplace.catalogue.models import (
    Demand,
    EnterpriseProduct,
    ProductCategory,
)
from marketplace.catalogue.publishing import (
    DEMAND_PROFILE_INCOMPLETE,
    PRODUCT_PROFILE_INCOMPLETE,
    require_complete_profile,
)
from marketplace.catalogue.views.center.demands import DemandForm
from marketplace.catalogue.views.center.images import LibraryUploadForm
from marketplace.catalogue.views.center.products import MAX_MAIN_IMAGES, ProductForm
from marketplace.catalogue.views.products import main_images_prefetch
from marketplace.members.member_api import AnyMemberAPIView, EnterpriseAPIView
from portal.member_api import (
    ERROR_RESPONSES,
    LIST_PARAMETERS,
    BadParameter,
    FormRejected,
    boolean_parameter,
    form_data,
    form_serializer,
    list_serializer,
    paginated,
    refuse_unknown_parameters,
    run_form,
)


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url else url


def _choice_parameter(request, name, choices):
    """`?status=` and the like: one of `choices` (a TextChoices class), or absent."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if value not in choices.values:
        raise BadParameter(
            _("参数 %(name)s 只能是：%(allowed)s。")
            % {"name": name, "allowed": "、".join(f"{c}（{c.label}）" for c in choices)}
        )
    return value


def _status_parameter(choices):
    return OpenApiParameter(
        "status",
        str,
        enum=list(choices.values),
        description="只列出此状态：" + "，".join(f"{c}={c.label}" for c in choices),
    )


# Serializers ------------------------------------------------------------------------------------


class ImageFormatsSerializer(serializers.Serializer):
    jpeg = serializers.URLField()
    webp = serializers.URLField()


ImageSizesSerializer = type(
    "ImageSizes",
    (serializers.Serializer,),
    {size: ImageFormatsSerializer(required=False) for size in PRODUCT_IMAGE_SIZES},
)


@extend_schema_field(ImageSizesSerializer)
class ImageSizesField(serializers.Field):
    """{"large"|"medium"|"thumbnail": {"jpeg": url, "webp": url}} of the sizes already made."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, image):
        request = self.context.get("request")
        urls = {fmt: product_rendition_urls(image, fmt) for fmt in PRODUCT_IMAGE_FORMATS}
        return {
            size: {fmt: _absolute(request, urls[fmt][size]) for fmt in PRODUCT_IMAGE_FORMATS}
            for size in urls["jpeg"]
            if all(size in urls[fmt] for fmt in PRODUCT_IMAGE_FORMATS)
        }


class LibraryImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    ready = serializers.SerializerMethodField(help_text="三种尺寸都已生成（上传后稍候即可）")
    sizes = ImageSizesField(help_text="已生成的尺寸：large、medium、thumbnail，各有 jpeg 和 webp")

    def get_ready(self, image) -> bool:
        return product_renditions_ready(image)


class UploadedImagesSerializer(serializers.Serializer):
    items = LibraryImageSerializer(many=True)


class MainImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="image_id")
    title = serializers.CharField(source="image.title")
    ready = serializers.BooleanField(source="renditions_ready")
    sizes = ImageSizesField(source="image")


class ProductSerializer(serializers.ModelSerializer):
    price_negotiable = serializers.BooleanField(source="is_price_negotiable")
    category_name = serializers.CharField(source="category.name")
    status_label = serializers.CharField(source="get_status_display")
    main_images = serializers.SerializerMethodField(help_text="主图，按顺序（第一张为封面）")
    url = serializers.SerializerMethodField(help_text="公开页面地址（仅已发布的产品）")

    class Meta:
        model = EnterpriseProduct
        fields = [
            "id",
            "name",
            "summary",
            "price",
            "price_negotiable",
            "unit",
            "specifications",
            "description",
            "category",
            "category_name",
            "status",
            "status_label",
            "takedown_reason",
            "main_images",
            "url",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def get_main_images(self, product) -> MainImageSerializer(many=True):  # type: ignore[valid-type]
        return MainImageSerializer(product.ordered_images, many=True, context=self.context).data

    def get_url(self, product) -> str | None:
        if product.status != EnterpriseProduct.Status.PUBLISHED:
            return None
        return _absolute(self.context.get("request"), product.get_absolute_url())


class DemandSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name")
    status_label = serializers.CharField(
        source="display_status", help_text="征集中 / 已过期 / 已关闭 / 已下架"
    )
    is_expired = serializers.BooleanField()
    budget_display = serializers.CharField(help_text="预算；未填写为“面议”")
    url = serializers.SerializerMethodField(help_text="公开页面地址（仅征集中的需求）")

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "category",
            "category_name",
            "description",
            "budget",
            "budget_display",
            "region_code",
            "region_name",
            "deadline",
            "contact_name",
            "contact_phone",
            "status",
            "status_label",
            "is_expired",
            "takedown_reason",
            "closed_at",
            "created_at",
            "updated_at",
            "url",
        ]

    def get_url(self, demand) -> str | None:
        if demand.pk is None or demand.status != Demand.Status.OPEN or demand.is_expired:
            return None
        return _absolute(self.context.get("request"), demand.get_absolute_url())


# Forms ------------------------------------------------------------------------------------------


class ProductCreateForm(ProductForm):
    """The product form plus the category the page's first step chooses: a leaf of the tree."""

    category = forms.ModelChoiceField(
        label=gettext_lazy("产品类目"),
        # Products are filed under the most specific category (`is_leaf`, as on the page).
        queryset=ProductCategory.objects.filter(numchild=0),
        error_messages={
            "required": gettext_lazy("请选择产品类目。"),
            "invalid_choice": gettext_lazy(
                "所选类目不存在或不是最末一级类目，请选择最末一级的产品类目。"
            ),
        },
    )


def product_form(request, form_class, *, instance=None, partial=False):
    """A valid product form, the order of `main_images` being the order sent."""
    data = form_data(request, form_class, instance, partial=partial)
    if partial and "main_images" not in data:
        data["main_images"] = [item.image_id for item in instance.ordered_images]
    main_images = data.get("main_images")
    if isinstance(main_images, list):
        if len(main_images) > MAX_MAIN_IMAGES:
            raise BadParameter(
                _("main_images（产品主图）最多 %(count)s 张。") % {"count": MAX_MAIN_IMAGES}
            )
        for index, image_id in enumerate(main_images):
            data[f"main_image_order_{image_id}"] = index + 1
    form = form_class(data=data, instance=instance, user=request.user)
    if not form.is_valid():
        raise FormRejected(form)
    return form


# Image library ----------------------------------------------------------------------------------


class MyImagesView(AnyMemberAPIView):
    @extend_schema(
        tags=["图片库"],
        summary="我的图片库（最新在前）",
        operation_id="me_images_list",
        parameters=LIST_PARAMETERS,
        responses={
            200: list_serializer(LibraryImageSerializer, "LibraryImageList"),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request):
        images = member_images(request.user).prefetch_renditions(*PRODUCT_RENDITION_SPECS)
        return paginated(request, images, LibraryImageSerializer)

    @extend_schema(
        tags=["图片库"],
        summary="上传图片到图片库",
        description=(
            "multipart/form-data，字段 images 可重复（一次最多 20 张），支持 JPG、PNG、WebP、GIF，"
            "单张不超过 10 MB。有一张不合格则全部不上传。三种尺寸在上传后自动生成。"
        ),
        request={"multipart/form-data": form_serializer(LibraryUploadForm, "LibraryUpload")},
        responses={201: UploadedImagesSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        form = run_form(LibraryUploadForm, request)
        images = save_library_images(request.user, form.checked_uploads)
        data = LibraryImageSerializer(images, many=True, context={"request": request}).data
        return Response({"items": data}, status=status.HTTP_201_CREATED)


# Products ---------------------------------------------------------------------------------------


def own_products(enterprise):
    """The enterprise's products with their main images and renditions: a fixed few queries."""
    return (
        EnterpriseProduct.objects.filter(enterprise=enterprise)
        .select_related("category")
        .prefetch_related(main_images_prefetch())
    )


class ProductCategorySerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField(help_text="上级类目 id；顶级类目为 null")
    is_leaf = serializers.SerializerMethodField(help_text="最末一级：产品只能发布在这样的类目下")

    class Meta:
        model = ProductCategory
        fields = ["id", "name", "depth", "parent", "is_leaf"]

    def get_parent(self, category) -> int | None:
        return self.context["ids_by_path"].get(category.parent_path)

    def get_is_leaf(self, category) -> bool:
        return category.numchild == 0


class ProductCategoriesView(EnterpriseAPIView):
    """发布产品's first step: the whole tree (a few dozen rows), in tree order."""

    @extend_schema(
        tags=["我的产品"],
        summary="产品类目树（发布产品时选择最末一级类目）",
        responses={200: ProductCategorySerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        refuse_unknown_parameters(request, set())
        categories = list(ProductCategory.objects.order_by("path"))
        context = {"ids_by_path": {category.path: category.pk for category in categories}}
        return Response(ProductCategorySerializer(categories, many=True, context=context).data)


class ProductsView(EnterpriseAPIView):
    @extend_schema(
        tags=["我的产品"],
        summary="我的产品（最近更新在前）",
        operation_id="me_products_list",
        parameters=[*LIST_PARAMETERS, _status_parameter(EnterpriseProduct.Status)],
        responses={200: list_serializer(ProductSerializer, "MyProductList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        products = own_products(self.member).order_by("-updated_at", "-pk")
        if value := _choice_parameter(request, "status", EnterpriseProduct.Status):
            products = products.filter(status=value)
        return paginated(request, products, ProductSerializer, known={"status"})

    @extend_schema(
        tags=["我的产品"],
        summary="发布产品",
        description=(
            "发布后立即上线（无需审核）。企业资料未完善时拒绝（403）。category 为最末一级产品类目"
            "（/api/v2/me/product-categories/ 中 is_leaf 为 true 的类目）；"
            "main_images 为自己图片库中的图片 id，按顺序排列，第一张为封面"
            "（1–10 张）；description 为富文本 HTML，保存前按网页同样的规则清理，"
            "只可引用自己图片库中的图片。"
        ),
        request=form_serializer(ProductCreateForm, "ProductCreate"),
        responses={201: ProductSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        require_complete_profile(self.member, PRODUCT_PROFILE_INCOMPLETE)
        form = product_form(request, ProductCreateForm)
        product = form.save_product(self.member, form.cleaned_data["category"])
        return Response(
            ProductSerializer(
                own_products(self.member).get(pk=product.pk), context={"request": request}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class ProductDetailView(EnterpriseAPIView):
    def get_product(self, pk):
        return get_object_or_404(own_products(self.member), pk=pk)

    def respond(self, request, pk):
        product = self.get_product(pk)
        return Response(ProductSerializer(product, context={"request": request}).data)

    @extend_schema(
        tags=["我的产品"],
        summary="产品详情",
        responses={200: ProductSerializer, **ERROR_RESPONSES},
    )
    def get(self, request, pk):
        return self.respond(request, pk)

    @extend_schema(
        tags=["我的产品"],
        summary="修改产品",
        description="只提交要修改的字段；类目不可修改。企业资料未完善时拒绝（403）。",
        request=form_serializer(ProductForm, "ProductUpdate", partial=True),
        responses={200: ProductSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request, pk):
        product = self.get_product(pk)
        require_complete_profile(self.member, PRODUCT_PROFILE_INCOMPLETE)
        form = product_form(request, ProductForm, instance=product, partial=True)
        form.save_product(self.member, product.category)
        return self.respond(request, pk)

    @extend_schema(
        tags=["我的产品"],
        summary="删除产品",
        request=None,
        responses={204: None, **ERROR_RESPONSES},
    )
    def delete(self, request, pk):
        self.get_product(pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductWithdrawView(ProductDetailView):
    http_method_names = ["post", "options"]

    @extend_schema(
        tags=["我的产品"],
        summary="下架产品",
        description="已发布的产品下架后不再公开展示，可重新上架；被平台下架的产品不能操作（409）。",
        request=None,
        responses={200: ProductSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        self.get_product(pk).withdraw()
        return self.respond(request, pk)


class ProductRelistView(ProductDetailView):
    http_method_names = ["post", "options"]

    @extend_schema(
        tags=["我的产品"],
        summary="重新上架产品",
        description="已下架的产品重新上架；企业资料未完善时拒绝（403）。",
        request=None,
        responses={200: ProductSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        self.get_product(pk).relist()
        return self.respond(request, pk)


# Demands ----------------------------------------------------------------------------------------


def own_demands(enterprise):
    return Demand.objects.filter(enterprise=enterprise).select_related("category")


class DemandsView(EnterpriseAPIView):
    @extend_schema(
        tags=["我的需求"],
        summary="我的需求（最新在前）",
        operation_id="me_demands_list",
        parameters=[*LIST_PARAMETERS, _status_parameter(Demand.Status)],
        responses={200: list_serializer(DemandSerializer, "MyDemandList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        demands = own_demands(self.member).order_by("-created_at", "-pk")
        if value := _choice_parameter(request, "status", Demand.Status):
            demands = demands.filter(status=value)
        return paginated(request, demands, DemandSerializer, known={"status"})

    @extend_schema(
        tags=["我的需求"],
        summary="发布需求（确认发布）",
        description=(
            "发布后立即在平台需求栏目展示（无需审核）。企业资料未完善时拒绝（403）。"
            "带 ?preview=true 时只检查并返回预览，不保存（对应网页的“预览”）。"
            "category 为服务类目 id（/api/v2/categories/）。"
        ),
        parameters=[OpenApiParameter("preview", bool, description="true：只预览，不发布")],
        request=form_serializer(DemandForm, "DemandCreate"),
        responses={201: DemandSerializer, 200: DemandSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        refuse_unknown_parameters(request, {"preview"})
        preview = boolean_parameter(request, "preview")
        require_complete_profile(self.member, DEMAND_PROFILE_INCOMPLETE)
        form = run_form(DemandForm, request, instance=Demand(enterprise=self.member))
        demand = form.save(commit=False)
        context = {"request": request}
        if preview:
            demand.region_code = self.member.region_code
            return Response(DemandSerializer(demand, context=context).data)
        demand.publish()
        demand = own_demands(self.member).get(pk=demand.pk)
        return Response(DemandSerializer(demand, context=context).data, status=201)


class DemandDetailView(EnterpriseAPIView):
    def respond(self, request, pk):
        demand = get_object_or_404(own_demands(self.member), pk=pk)
        return Response(DemandSerializer(demand, context={"request": request}).data)

    @extend_schema(
        tags=["我的需求"],
        summary="需求详情",
        responses={200: DemandSerializer, **ERROR_RESPONSES},
    )
    def get(self, request, pk):
        return self.respond(request, pk)

    @extend_schema(
        tags=["我的需求"],
        summary="修改需求（征集中的需求）",
        description=(
            "只提交要修改的字段，规则与发布需求相同（截止日期不能早于今天等）；"
            "已关闭或已下架的需求不能修改（409）。企业资料未完善时拒绝（403）。"
        ),
        request=form_serializer(DemandForm, "DemandUpdate", partial=True),
        responses={200: DemandSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request, pk):
        demand = get_object_or_404(own_demands(self.member), pk=pk)
        require_complete_profile(self.member, DEMAND_PROFILE_INCOMPLETE)
        form = run_form(DemandForm, request, instance=copy.copy(demand), partial=True)
        demand.revise({name: form.cleaned_data[name] for name in DemandForm.Meta.fields})
        return self.respond(request, pk)


class DemandCloseView(DemandDetailView):
    http_method_names = ["post", "options"]

    @extend_schema(
        tags=["我的需求"],
        summary="关闭需求",
        description="征集中的需求关闭后不再公开展示；其他状态的需求不能关闭（409）。",
        request=None,
        responses={200: DemandSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        get_object_or_404(own_demands(self.member), pk=pk).close()
        return self.respond(request, pk)


urlpatterns = [
    path("images/", MyImagesView.as_view(), name="images"),
    path("product-categories/", ProductCategoriesView.as_view(), name="product_categories"),
    path("products/", ProductsView.as_view(), name="products"),
    path("products/<int:pk>/", ProductDetailView.as_view(), name="product"),
    path("products/<int:pk>/withdraw/", ProductWithdrawView.as_view(), name="product_withdraw"),
    path("products/<int:pk>/relist/", ProductRelistView.as_view(), name="product_relist"),
    path("demands/", DemandsView.as_view(), name="demands"),
    path("demands/<int:pk>/", DemandDetailView.as_view(), name="demand"),
    path("demands/<int:pk>/close/", DemandCloseView.as_view(), name="demand_close"),
]
