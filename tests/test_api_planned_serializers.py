"""The API's serializers read each record along a plan made once
(`partnerships.api.serializers.planned`): what they give is what DRF's own
`Serializer.to_representation` gives, field for field, for every reader."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partnerships.api.serializers.planned import PlannedSerializer
from partnerships.api.views import (
    AgreementViewSet,
    CompanyViewSet,
    PersonViewSet,
    SourceViewSet,
    StatementViewSet,
)
from partnerships.synthetic import Generator, Scale

VIEWSETS = [
    AgreementViewSet,
    CompanyViewSet,
    PersonViewSet,
    SourceViewSet,
    StatementViewSet,
]
# Drafts mixed in, approximate values, several languages (`generate_data`).
SMALL = Scale(companies=40, people=15, sources=20, agreements=60, statements=60)


def every_record_as_read(viewset, user) -> list[dict]:
    request = APIRequestFactory().get("/api/v1/")
    request.user = user
    view = viewset(action="list", format_kwarg=None, kwargs={})
    view.request = Request(request)
    view.request.user = user
    records = list(view.get_queryset().order_by("pk"))
    assert records, f"{viewset.__name__} read nothing"
    return view.get_serializer(records, many=True).data


@pytest.fixture
def records(article):
    Generator(SMALL, seed=3, report=lambda line: None).run()


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda v: v.__name__)
@pytest.mark.parametrize("reader", ["public", "editor"])
def test_a_planned_read_gives_what_drf_gives(
    records, viewset, reader, editor, monkeypatch
):
    user = editor if reader == "editor" else AnonymousUser()
    planned = every_record_as_read(viewset, user)

    monkeypatch.setattr(
        PlannedSerializer, "to_representation", serializers.Serializer.to_representation
    )
    assert planned == every_record_as_read(viewset, user)


# -- how a field is read, where DRF has a rule of its own --------------------------


class Holder:
    """An object with plain attributes, one a method, one raising."""

    def __init__(self, **attributes) -> None:
        vars(self).update(attributes)

    def shout(self) -> str:
        return self.word.upper()

    @property
    def gone(self):
        raise ObjectDoesNotExist


class Reading(PlannedSerializer):
    word = serializers.CharField()
    shout = serializers.CharField()
    inner_word = serializers.CharField(source="inner.word")
    missing_with_default = serializers.CharField(default="none given")
    missing_nullable = serializers.CharField(allow_null=True)
    missing_skipped = serializers.CharField(required=False)
    gone = serializers.CharField()
    colour = serializers.ChoiceField(choices=[("red", "Red")])


def read(**attributes) -> dict:
    return Reading(Holder(**attributes)).data


def test_a_plain_attribute_a_method_and_a_path_are_read():
    data = read(word="compute", inner={"word": "mapping"}, colour="red")

    assert data["word"] == "compute"
    assert data["shout"] == "COMPUTE"
    assert data["inner_word"] == "mapping"
    assert data["colour"] == "red"


def test_a_missing_attribute_is_its_default_null_or_left_out():
    data = read(word="w", inner=Holder(word="object"), colour="red")

    assert data["inner_word"] == "object"
    assert data["missing_with_default"] == "none given"
    assert data["missing_nullable"] is None
    assert "missing_skipped" not in data


def test_a_record_that_does_not_exist_is_null():
    assert read(word="w", inner={"word": ""}, colour="red")["gone"] is None


def test_a_missing_required_attribute_is_an_error_as_in_drf():
    with pytest.raises(AttributeError, match="word"):
        read(inner={"word": ""}, colour="red")
