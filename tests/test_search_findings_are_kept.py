"""What a word finds (`partnerships.search.kinds.finding`) is built once per
kind of record, reader and word, and kept: never shared between readers, so
what an editor's search found through a draft is never what the public's
search finds."""

import pytest

from partnerships import search
from partnerships.models import Agreement, Company, PublicationStatus
from partnerships.search import kinds
from partnerships.visibility import EDITOR, PUBLIC
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    kinds.finding.cache_clear()
    yield
    kinds.finding.cache_clear()


@pytest.fixture
def deal_with_a_draft_party(db):
    hushco = factories.CompanyFactory(
        name="Hushco", slug="hushco", publication_status=PublicationStatus.DRAFT
    )
    deal = factories.AgreementFactory(title="Cloud deal", slug="cloud-deal")
    factories.AgreementPartyFactory(agreement=deal, company=hushco)
    factories.AgreementPartyFactory(
        agreement=deal, company=factories.CompanyFactory(name="Openco")
    )


def slugs(model, word: str, reader) -> list[str]:
    found = search.matching(reader.records(model), [word], reader)
    return sorted(found.values_list("slug", flat=True))


def test_a_word_found_through_a_draft_for_an_editor_finds_nothing_for_the_public(
    deal_with_a_draft_party,
):
    assert slugs(Agreement, "hushco", EDITOR) == ["cloud-deal"]
    assert slugs(Agreement, "hushco", PUBLIC) == []
    assert slugs(Agreement, "hushco", EDITOR) == ["cloud-deal"]


def test_a_words_finding_is_built_once_per_kind_reader_and_word(
    deal_with_a_draft_party, monkeypatch
):
    built = []
    finders = dict(kinds.FINDERS)
    for model, finder in finders.items():
        finders[model] = lambda reader, term, finder=finder, model=model: (
            built.append((model, reader, term)) or finder(reader, term)
        )
    monkeypatch.setattr(kinds, "FINDERS", finders)

    for _ in range(3):
        assert slugs(Agreement, "openco", PUBLIC) == ["cloud-deal"]
    assert built == [(Agreement, PUBLIC, "openco")]

    slugs(Agreement, "openco", EDITOR)
    slugs(Company, "openco", PUBLIC)
    slugs(Agreement, "cloud", PUBLIC)
    assert built[1:] == [
        (Agreement, EDITOR, "openco"),
        (Company, PUBLIC, "openco"),
        (Agreement, PUBLIC, "cloud"),
    ]


def test_a_kept_finding_finds_what_a_new_one_does_after_the_records_change(
    deal_with_a_draft_party,
):
    assert slugs(Agreement, "openco", PUBLIC) == ["cloud-deal"]
    assert slugs(Agreement, "hushco", PUBLIC) == []
    other = factories.AgreementFactory(title="Chips", slug="chips")
    factories.AgreementPartyFactory(
        agreement=other, company=Company.objects.get(name="Openco")
    )
    hushco = Company.objects.get(slug="hushco")
    hushco.publication_status = PublicationStatus.PUBLISHED
    hushco.save()

    assert slugs(Agreement, "openco", PUBLIC) == ["chips", "cloud-deal"]
    assert slugs(Agreement, "hushco", PUBLIC) == ["cloud-deal"]
