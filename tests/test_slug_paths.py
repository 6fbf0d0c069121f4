"""A record's path by its slug is what reverse() gives, however many are made."""

import pytest
from django.test import override_settings
from django.urls import reverse

from partnerships.slug_paths import slug_path

VIEWS = [
    "partnerships:agreement-detail",
    "partnerships:company-detail",
    "partnerships:person-detail",
    "partnerships:source-detail",
    "partnerships:statement-detail",
    "api:agreement-detail",
    "api:company-detail",
]


@pytest.mark.parametrize("view_name", VIEWS)
@pytest.mark.parametrize("slug", ["openai", "aws-2", "deal_2030"])
def test_a_plain_slug_takes_reverses_place(view_name, slug):
    assert slug_path(view_name, slug) == reverse(view_name, kwargs={"slug": slug})


def test_a_slug_reverse_would_refuse_is_refused_the_same(db):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        slug_path("partnerships:company-detail", "not a slug")


def test_a_script_prefix_is_kept(client):
    # Served under a path (SCRIPT_NAME), every address starts with it.
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    set_script_prefix("/tracker/")
    try:
        assert slug_path("partnerships:company-detail", "openai") == (
            "/tracker/companies/openai/"
        )
    finally:
        set_script_prefix(before)
    assert slug_path("partnerships:company-detail", "openai") == "/companies/openai/"


@override_settings(ROOT_URLCONF="tests.urls_elsewhere")
def test_another_urlconf_is_reversed_apart():
    assert slug_path("partnerships:company-detail", "openai") == (
        "/elsewhere/companies/openai/"
    )
