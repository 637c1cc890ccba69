"""Factories for members and platforms, shared by tests and `seed_demo`."""

import random

import factory
from factory.django import DjangoModelFactory

from marketplace.members.models import Enterprise, Institution, WindowPlatform
from marketplace.members.validators import CREDIT_CODE_ALPHABET, credit_code_check_character
from portal.factories import UserFactory

# Characters allowed in the organisation-code part of a credit code (GB 11714 uses no I/O/S/V/Z).
_ORG_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_credit_code(region_code="430100", rng=random):
    """A random 统一社会信用代码 with a correct GB 32100-2015 check character.

    "91" = registered by the market regulator, an enterprise; then the region and a 9-character
    organisation code.
    """
    first_17 = "91" + region_code + "".join(rng.choice(_ORG_CODE_ALPHABET) for _ in range(9))
    assert all(char in CREDIT_CODE_ALPHABET for char in first_17)
    return first_17 + credit_code_check_character(first_17)


class WindowPlatformFactory(DjangoModelFactory):
    """`WindowPlatformFactory(parent=province)` adds a child; without parent, a root."""

    name = factory.Sequence(lambda n: f"测试窗口平台{n}")
    kind = WindowPlatform.Kind.CITY
    region_code = "430100"
    region_name = "长沙市"

    class Meta:
        model = WindowPlatform

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        node = model_class(**kwargs)
        return parent.add_child(instance=node) if parent else model_class.add_root(instance=node)


class EnterpriseFactory(DjangoModelFactory):
    """An enterprise with a complete profile; pass blank fields for an incomplete one."""

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"湖南测试科技有限公司{n}")
    credit_code = factory.LazyFunction(make_credit_code)
    region_code = "430100"
    region_name = "长沙市"
    industry = "C"
    scale = Enterprise.Scale.SMALL
    address = "湖南省长沙市岳麓区麓谷大道 1 号"
    contact_name = "张经理"
    contact_phone = "13800000000"
    contact_email = factory.LazyAttribute(lambda e: f"contact{e.user.pk}@example.com")
    introduction = "专注于装备制造和工业软件的中小企业。"

    class Meta:
        model = Enterprise


class InstitutionFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    kind = Institution.Kind.SOCIAL
    platform = factory.SubFactory(WindowPlatformFactory)
    name = factory.Sequence(lambda n: f"湖南测试服务机构{n}")
    is_approved = False
    introduction = "为中小企业提供财税、法律与管理咨询服务。"
    service_scope = "代理记账、税务筹划、法律咨询"
    region_code = factory.LazyAttribute(lambda i: i.platform.region_code)
    region_name = factory.LazyAttribute(lambda i: i.platform.region_name)
    contact_phone = "0731-88888888"

    class Meta:
        model = Institution
        skip_postgeneration_save = True

    @factory.post_generation
    def approved(self, create, extracted, **kwargs):
        """`approved=True`: public, the only way there is — an approved qualification."""
        if create and extracted:
            approve_qualification(self)


def approve_qualification(institution):
    """Approve `institution`'s 资质表 as the platform review does in the end: publish a revision
    of it (creating a minimal one if there is none). The workflow's signal handlers then mark
    the institution approved. Returns the qualification."""
    from marketplace.members.models import Qualification

    qualification = Qualification.objects.filter(institution=institution).first()
    if qualification is None:
        qualification = Qualification.objects.create(
            institution=institution, legal_name=institution.name, live=False
        )
    qualification.save_revision().publish()
    institution.refresh_from_db(fields=["is_approved", "approved_at"])
    return qualification
