"""Keeps the search index current where modelsearch's save/delete handlers do not reach.

Which rows are public is always decided at query time from the rows themselves (see
`search.sources`); these handlers keep the *indexed* text and filter values right, in the
background (`search.tasks.update_search_index`):

* a service product taken off sale or not yet approved leaves the index;
* an institution's or enterprise's name, a category's name and an account's `is_active` are
  copied into their items' index entries (RelatedFields), so those items are re-indexed when
  they change — including a qualification published or withdrawn, whose `live` state the
  institution's entry holds.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django_tasks.signals import task_finished
from wagtail.signals import published, unpublished

from marketplace.catalogue.models import (
    Demand,
    EnterpriseProduct,
    ProductCategory,
    ServiceCategory,
    ServiceProduct,
)
from marketplace.members.models import Enterprise, Institution, Qualification
from portal.cache import bump_content_version
from portal.page_cache import SITE
from search.tasks import enqueue_update, update_search_index

# Tasks that write the index: once one has run, searches may find something new.
INDEX_TASKS = frozenset(
    {
        "modelsearch.tasks.insert_or_update_object_task",
        update_search_index.module_path,
    }
)


def _changed(update_fields, *names):
    """Whether a save may have changed any of `names` (a full save may change anything)."""
    return update_fields is None or bool(set(update_fields) & set(names))


def _institution_items(institution_ids):
    enqueue_update(Institution, institution_ids)
    enqueue_update(
        ServiceProduct,
        ServiceProduct.objects.filter(institution_id__in=institution_ids, live=True).values_list(
            "pk", flat=True
        ),
    )


def _enterprise_items(enterprise_ids):
    enqueue_update(
        EnterpriseProduct,
        EnterpriseProduct.objects.filter(enterprise_id__in=enterprise_ids).values_list(
            "pk", flat=True
        ),
    )
    enqueue_update(
        Demand, Demand.objects.filter(enterprise_id__in=enterprise_ids).values_list("pk", flat=True)
    )


def service_product_saved(sender, instance, raw=False, **kwargs):
    if not raw and not instance.live:
        enqueue_update(ServiceProduct, [instance.pk])


def institution_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _changed(update_fields, "name", "is_approved"):
        enqueue_update(
            ServiceProduct,
            ServiceProduct.objects.filter(institution=instance, live=True).values_list(
                "pk", flat=True
            ),
        )


def enterprise_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _changed(update_fields, "name"):
        _enterprise_items([instance.pk])


def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Logging in saves `last_login` only: nothing the index holds.
    if raw or not _changed(update_fields, "is_active"):
        return
    _institution_items(list(Institution.objects.filter(user=instance).values_list("pk", flat=True)))
    _enterprise_items(list(Enterprise.objects.filter(user=instance).values_list("pk", flat=True)))


def service_category_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _changed(update_fields, "name"):
        return
    enqueue_update(
        ServiceProduct,
        ServiceProduct.objects.filter(category=instance, live=True).values_list("pk", flat=True),
    )
    enqueue_update(Demand, Demand.objects.filter(category=instance).values_list("pk", flat=True))


def product_category_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _changed(update_fields, "name"):
        enqueue_update(
            EnterpriseProduct,
            EnterpriseProduct.objects.filter(category=instance).values_list("pk", flat=True),
        )


def qualification_published_or_unpublished(sender, instance, **kwargs):
    # An institution's index entry holds its qualification's `live`/`live_revision`, the
    # fields `Institution.objects.approved()` filters on.
    if isinstance(instance, Qualification):
        _institution_items([instance.institution_id])


def connect():
    post_save.connect(service_product_saved, sender=ServiceProduct, dispatch_uid="search-sp")
    post_save.connect(institution_saved, sender=Institution, dispatch_uid="search-institution")
    post_save.connect(enterprise_saved, sender=Enterprise, dispatch_uid="search-enterprise")
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="search-user")
    post_save.connect(
        service_category_saved, sender=ServiceCategory, dispatch_uid="search-service-category"
    )
    post_save.connect(
        product_category_saved, sender=ProductCategory, dispatch_uid="search-product-category"
    )
    published.connect(
        qualification_published_or_unpublished, dispatch_uid="search-qualification-published"
    )
    unpublished.connect(qualification_published_or_unpublished, dispatch_uid="search-qualification")
    task_finished.connect(index_task_finished, dispatch_uid="search-index-task-finished")


def index_task_finished(sender, task_result, **kwargs):
    """A stored search page (decision 0007) may have been rendered after the row changed but
    before a background task re-indexed it: retire it once the task has run."""
    if task_result.task.module_path in INDEX_TASKS:
        bump_content_version(SITE)
