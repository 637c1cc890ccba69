"""API fields of members shared with the apps above (the catalogue's service products)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "average": {"type": "number", "nullable": True, "description": "平均评分（1–5）"},
            "count": {"type": "integer", "description": "评价条数"},
        },
        "required": ["average", "count"],
    }
)
class RatingField(serializers.Field):
    """服务评价 (R3.8) as the public pages show it: `{"average": 4.5, "count": 12}` over visible
    evaluations, from the `rating_avg` / `rating_count` annotations the trade app adds through
    the public-page hooks (`portal.api_annotations.annotate_from_hooks`). Without them (trade not
    installed) the rating is empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance):
        count = getattr(instance, "rating_count", None) or 0
        average = getattr(instance, "rating_avg", None)
        return {
            "average": round(float(average), 2) if count and average is not None else None,
            "count": count,
        }
