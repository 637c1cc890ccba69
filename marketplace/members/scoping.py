"""Which rows of a model a user may see: the one rule behind every admin view of platform data.

Window-platform data is what institutions submit and sell, and what is bought from them. A row
of it belongs to one WindowPlatform; the reviewers of that platform and of the platforms above
it see it, as do provincial staff and superusers; nobody else does (decision 0005).

Each model of platform data declares `platform_owner`, the foreign key to what it belongs to,
itself platform data (a qualification → its institution → its platform); a row is visible when
its owner is. One hop at a time keeps each filter on the model's own foreign key, which the
search backends can filter on too (a service product's `institution` is a FilterField). Models
declare it themselves, so this module names none of the apps above it.

Listings, exports, choosers, bulk actions, object URLs, reports (site history, workflows), the
review queue and the permission policies all ask `visible_rows` / `may_see`; declaring
`platform_owner` on a model scopes all of them. A model without one is nobody's platform data
(pages, categories, templates…): Wagtail's permissions alone decide who sees it.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast

from marketplace.members.models.platforms import WindowPlatform, is_provincial_staff

# `platform_owner` on a model of platform data: the foreign key to what the row belongs to, or
# one of these two.
PLATFORM = "self"  # the row is a platform itself
PROVINCIAL_ONLY = "province"  # of no platform: only provincial staff see it (enterprises)


def is_platform_data(model):
    return getattr(model, "platform_owner", None) is not None


def platform_data_models():
    """The installed models that declare a `platform_owner`."""
    return [model for model in apps.get_models() if is_platform_data(model)]


def _reviewed_platform_ids(user):
    """The pks of the platforms whose data a reviewer sees, as a subquery (asked once)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WindowPlatform.objects.none().values("pk")
    return WindowPlatform.platforms_reviewed_by(user).values("pk")


def _condition(model, platform_ids):
    """The rows of `model` whose owner chain ends at one of `platform_ids`."""
    owner_field = model.platform_owner
    if owner_field is PROVINCIAL_ONLY:
        return models.Q(pk__in=[])
    if owner_field == PLATFORM:
        return models.Q(pk__in=platform_ids)
    owner = model._meta.get_field(owner_field).related_model
    owners = owner._default_manager.filter(_condition(owner, platform_ids)).values("pk")
    return models.Q(**{f"{owner_field}__in": owners})


def visible_rows(user, model, queryset=None):
    """The rows of `model` (or of `queryset`, a queryset of it) that `user` may see."""
    queryset = model._default_manager.all() if queryset is None else queryset
    if not is_platform_data(model):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if is_provincial_staff(user):
        return queryset
    return queryset.filter(_condition(model, _reviewed_platform_ids(user)))


def may_see(user, obj):
    """Whether `user` may see `obj` (True for data of no platform)."""
    model = type(obj)
    if not is_platform_data(model):
        return True
    return visible_rows(user, model).filter(pk=obj.pk).exists()


def visible_object_ids(user, model, platform_ids=None):
    """`visible_rows` as primary keys in text, for generic relations (log entries, workflow
    states), whose `object_id` is a CharField."""
    if platform_ids is None:
        rows = visible_rows(user, model)
    else:
        rows = model._default_manager.filter(_condition(model, platform_ids))
    return rows.annotate(_visible_object_id=Cast("pk", models.CharField())).values(
        "_visible_object_id"
    )


def generic_visibility_filter(user, *, content_type="content_type", object_id="object_id"):
    """A Q for rows naming an object by content type and id (log entries, workflow states):
    rows about platform data are kept only when the object is visible to `user`."""
    if is_provincial_staff(user):
        return models.Q()
    platform_ids = _reviewed_platform_ids(user)
    scoped = platform_data_models()
    content_types = ContentType.objects.get_for_models(*scoped, for_concrete_models=False)
    condition = ~models.Q(**{f"{content_type}__in": list(content_types.values())})
    for model in scoped:
        condition |= models.Q(
            **{
                content_type: content_types[model],
                f"{object_id}__in": visible_object_ids(user, model, platform_ids),
            }
        )
    return condition
