"""Factories for policies, shared by the tests and `seed_demo`."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from policies.models import (
    Industry,
    IssuingBody,
    PolicyAttachment,
    PolicyCategory,
    PolicyIndexPage,
    PolicyLevel,
    PolicyPage,
)
from portal.factories import DocumentFactory


class IssuingBodyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"湖南省发文机关{n}")
    level = PolicyLevel.PROVINCIAL

    class Meta:
        model = IssuingBody
        django_get_or_create = ("name",)


class PolicyCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"政策类别{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = PolicyCategory
        django_get_or_create = ("slug",)


class IndustryFactory(DjangoModelFactory):
    code = "C"
    name = "制造业"

    class Meta:
        model = Industry
        django_get_or_create = ("code",)


class PolicyIndexPageFactory(wagtail_factories.PageFactory):
    title = "政策法规"
    slug = "policies"
    intro = "<p>国家、省、市县惠企政策一站查询。</p>"

    class Meta:
        model = PolicyIndexPage


class PolicyPageFactory(wagtail_factories.PageFactory):
    """A live policy; pass `categories=[…]`, `industries=[…]` and `attachments=n` as needed."""

    title = factory.Sequence(lambda n: f"关于支持中小企业发展的若干措施（第{n}号）")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    document_number = factory.Sequence(lambda n: f"湘工信中小〔2025〕{n}号")
    issuing_body = factory.SubFactory(IssuingBodyFactory)
    publish_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    summary = "为进一步支持中小企业高质量发展，制定本措施。"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>第一条 为支持中小企业发展……</p>")])

    class Meta:
        model = PolicyPage
        skip_postgeneration_save = True

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        if extracted:
            self.industries.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def attachments(self, create, extracted, **kwargs):
        """`attachments=2` adds two small PDF attachments."""
        if create and extracted:
            for number in range(int(extracted)):
                PolicyAttachmentFactory(page=self, sort_order=number)


class PolicyDocumentFactory(DocumentFactory):
    # Wagtail's upload form records the size; documents made in code must say it themselves.
    file_size = factory.LazyAttribute(lambda document: document.file.size)


class PolicyAttachmentFactory(DjangoModelFactory):
    page = factory.SubFactory(PolicyPageFactory)
    document = factory.SubFactory(PolicyDocumentFactory)
    title = factory.Sequence(lambda n: f"政策原文 {n}")

    class Meta:
        model = PolicyAttachment
