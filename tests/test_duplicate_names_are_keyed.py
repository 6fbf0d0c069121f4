"""Two names that differ only in case, punctuation, spacing, a legal suffix or
Chinese script share a key; the key is kept on every save, fixtures included."""

import pytest

from partnerships import models
from partnerships.names import name_key
from tests.factories import CompanyFactory, PersonFactory, SourceFactory


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("CoreWeave", "coreweave"),  # case
        ("CoreWeave", "Core-Weave"),  # dashes
        ("CoreWeave", "Core Weave."),  # spaces and punctuation
        ("Microsoft–CoreWeave", "Microsoft CoreWeave"),  # an en dash
        ("CoreWeave", "CoreWeave, Inc."),  # legal suffixes
        ("CoreWeave", "CoreWeave Inc"),
        ("CoreWeave", "CoreWeave Corp."),
        ("CoreWeave", "CoreWeave Corporation"),
        ("CoreWeave", "CoreWeave Ltd"),
        ("CoreWeave", "CoreWeave LLC"),
        ("Foxconn", "Foxconn Co., Ltd."),
        ("微软", "微軟"),  # simplified and traditional
        ("亚马逊云科技", "亞馬遜雲科技"),
        ("台积电", "台積電股份有限公司"),  # a Chinese legal suffix
        ("阿里云", "阿里雲有限公司"),
        ("Société Générale", "SOCIETE GENERALE SA"),  # accents
        ("ＯｐｅｎＡＩ", "OpenAI"),  # full-width letters
    ],
)
def test_close_names_share_a_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("CoreWeave", "CoreWeave Cloud"),
        ("Microsoft", "Microsoft Azure"),
        ("Incorporated Research", "Research"),  # a suffix only at the end
        ("微软", "微软云"),
    ],
)
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_a_name_that_is_only_a_suffix_keeps_it():
    assert name_key("Ltd.") == "ltd"
    assert name_key("有限公司") == "有限公司"


@pytest.mark.django_db
def test_every_save_keeps_the_key_of_the_name():
    company = CompanyFactory(name="CoreWeave, Inc.")
    alias = models.CompanyAlias.objects.create(company=company, name="微軟")
    person = PersonFactory(name="Sam  Altman")
    source = SourceFactory(title="Oracle–OpenAI deal")

    company.name = "Core Weave Holdings"
    company.save()

    assert [company.name_key, alias.name_key, person.name_key, source.name_key] == [
        "coreweaveholdings",
        "微软",
        "samaltman",
        "oracleopenaideal",
    ]


@pytest.mark.django_db
def test_records_loaded_from_fixtures_get_their_key(article):
    # loaddata saves raw, bypassing Model.save(): the pre_save receiver still runs.
    assert not models.Company.objects.filter(name_key="").exists()
    assert not models.Source.objects.filter(name_key="").exists()
