"""Factories for the portal's own models, shared by tests and `seed_demo`."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("portal-pass-2026")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class StaffUserFactory(UserFactory):
    is_staff = True


class SuperUserFactory(StaffUserFactory):
    is_superuser = True


class ImageFactory(wagtail_factories.ImageFactory):
    """A real, small JPEG (Pillow draws it) so renditions can be made in tests and demo data."""

    title = factory.Sequence(lambda n: f"图片 {n}")
    file = factory.django.ImageField(width=640, height=400, color="#0a4b9c", format="JPEG")


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"附件 {n}")
    file = factory.django.FileField(filename="attachment.pdf", data=b"%PDF-1.4\n%demo\n")
