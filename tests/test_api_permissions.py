"""The API's permissions are DRF's model permissions with anonymous reads,
decided without building the view's queryset for a read."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partnerships.api.permissions import ModelPermissionsOrAnonReadOnly
from partnerships.api.views import AgreementViewSet
from partnerships.models import Agreement

pytestmark = pytest.mark.django_db

METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]


class CountedView:
    """A view whose queryset says how often it was built."""

    built = 0

    def get_queryset(self):
        self.built += 1
        return Agreement.objects.all()


def make_user(kind: str):
    if kind == "anonymous":
        return AnonymousUser()
    user = get_user_model().objects.create_user(kind, password="x")
    if kind == "may change agreements":
        user.user_permissions.add(
            Permission.objects.get(codename="change_agreement"),
            Permission.objects.get(codename="add_agreement"),
        )
        user = get_user_model().objects.get(pk=user.pk)  # no cached permissions
    return user


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("kind", ["anonymous", "reader", "may change agreements"])
def test_it_decides_as_drf_does(method, kind):
    request = Request(APIRequestFactory().generic(method, "/api/v1/agreements/"))
    request.user = make_user(kind)
    ours = ModelPermissionsOrAnonReadOnly().has_permission(request, CountedView())
    drf = permissions.DjangoModelPermissionsOrAnonReadOnly().has_permission(
        request, CountedView()
    )
    assert ours == drf


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_read_does_not_build_the_views_queryset(method):
    request = Request(APIRequestFactory().generic(method, "/api/v1/agreements/"))
    request.user = AnonymousUser()
    view = CountedView()
    assert ModelPermissionsOrAnonReadOnly().has_permission(request, view)
    assert view.built == 0


def test_a_write_is_checked_against_the_views_model():
    request = Request(APIRequestFactory().post("/api/v1/agreements/"))
    request.user = make_user("may change agreements")
    view = CountedView()
    assert ModelPermissionsOrAnonReadOnly().has_permission(request, view)
    assert view.built == 1


def test_the_api_reads_with_it():
    assert ModelPermissionsOrAnonReadOnly in [
        type(permission) for permission in AgreementViewSet().get_permissions()
    ]
