"""The filters of the 服务产品 directory (`views/services.py` `ServiceFilterForm`) for the API.

Same names and meanings as the HTML: `?region=` (text within the regions served), `?kind=`
(the institution's kind), `?price_mode=` (a model field, only checked here), and
`?platform=<id>`, the institutions of a window platform and of the platforms below it, as the
服务机构 directory counts a platform. Where the HTML ignores a bad value, the API answers 400
with a Chinese message naming the parameter.
"""

from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from marketplace.catalogue.models import ServiceProduct
from marketplace.catalogue.views.services import ServiceFilterForm
from marketplace.members.models import Institution, WindowPlatform

SERVICE_FILTER_PARAMETERS = frozenset({"region", "kind", "platform"})
REGION_MAX_LENGTH = ServiceFilterForm.base_fields["region"].max_length


class ServiceDirectoryFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if region := request.GET.get("region", "").strip():
            if len(region) > REGION_MAX_LENGTH:
                raise BadRequestError(
                    _("参数 region 最多 %(length)s 个字符。") % {"length": REGION_MAX_LENGTH}
                )
            queryset = queryset.filter(regions_served__contains=region)
        if kind := request.GET.get("kind"):
            if kind not in Institution.Kind.values:
                raise BadRequestError(
                    _("参数 kind 必须是以下之一：%(values)s。")
                    % {"values": "、".join(Institution.Kind.values)}
                )
            queryset = queryset.filter(institution__kind=kind)
        # Filtered as a plain field already; a value that is not a price mode is an error here.
        if (price_mode := request.GET.get("price_mode")) and (
            price_mode not in ServiceProduct.PriceMode.values
        ):
            raise BadRequestError(
                _("参数 price_mode 必须是以下之一：%(values)s。")
                % {"values": "、".join(ServiceProduct.PriceMode.values)}
            )
        if platform_id := request.GET.get("platform"):
            platform = None
            if platform_id.isdigit() and len(platform_id) <= 10:
                platform = WindowPlatform.objects.filter(is_active=True, pk=platform_id).first()
            if platform is None:
                raise BadRequestError(
                    _("参数 platform 必须是一个启用的窗口平台的编号（见 /api/v2/platforms/）。")
                )
            queryset = queryset.filter(institution__platform__path__startswith=platform.path)
        return queryset

    def get_schema_operation_parameters(self, view):
        def parameter(name, schema, description):
            return {
                "name": name,
                "in": "query",
                "required": False,
                "schema": schema,
                "description": str(description),
            }

        return [
            parameter(
                "region",
                {"type": "string", "maxLength": REGION_MAX_LENGTH},
                _("服务区域（包含这些字的服务地区）"),
            ),
            parameter(
                "kind",
                {"type": "string", "enum": list(Institution.Kind.values)},
                _("服务机构类型"),
            ),
            parameter(
                "platform",
                {"type": "integer", "minimum": 1},
                _("窗口平台编号（含其下级平台的机构），见 /api/v2/platforms/"),
            ),
        ]
