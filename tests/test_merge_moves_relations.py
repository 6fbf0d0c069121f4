"""Merging record B into A: B's relations, aliases, citations and statements
move to A, B's name becomes an alias of A, B is kept with `merged_into`, and
the history of both says so."""

import pytest

from merges.models import Merge
from merges.services import MergeRefused, company_merge, person_merge, source_merge
from partnerships import models
from tests.factories import (
    AgreementCitationFactory,
    PersonFactory,
    SourceFactory,
    StatementFactory,
)
from tests.merge_records import two_coreweaves

pytestmark = pytest.mark.django_db


def test_every_relation_of_the_merged_company_moves_to_the_surviving_one(editor):
    world = two_coreweaves()

    company_merge(source=world.duplicate, into=world.kept, by=editor)

    world.party.refresh_from_db()
    world.alias.refresh_from_db()
    world.citation.refresh_from_db()
    world.subsidiary.refresh_from_db()
    world.person.refresh_from_db()
    assert world.party.company == world.kept
    assert world.alias.company == world.kept
    assert world.citation.record == world.kept
    assert list(world.statement.companies.all()) == [world.kept]
    assert world.subsidiary.parent == world.kept
    assert world.person.affiliation == world.kept
    assert not world.duplicate.agreement_parties.exists()
    assert not world.duplicate.citations.exists()


def test_the_merged_name_becomes_an_alias_and_the_record_is_kept_as_merged(editor):
    world = two_coreweaves()

    company_merge(source=world.duplicate, into=world.kept, by=editor)

    world.duplicate.refresh_from_db()
    assert world.duplicate.merged_into == world.kept
    assert set(world.kept.aliases.values_list("name", flat=True)) == {
        "CW",
        "Core Weave",
    }


def test_history_records_the_merge_on_both_records(editor):
    world = two_coreweaves()

    company_merge(source=world.duplicate, into=world.kept, by=editor)

    reason = "merged Core Weave into CoreWeave"
    assert world.kept.history.first().history_change_reason == reason
    latest = world.duplicate.history.first()
    assert latest.history_change_reason == reason
    assert latest.merged_into_id == world.kept.pk
    assert world.party.history.first().history_change_reason == reason


def test_the_merge_lists_exactly_what_moved(editor):
    world = two_coreweaves()

    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    assert merge.merged_by == editor
    assert merge.moved["agreement parties"] == [world.party.pk]
    assert merge.moved["aliases"] == [world.alias.pk]
    assert merge.moved["statements about it"] == [[world.statement.pk, True]]
    assert str(merge) == "Core Weave merged into CoreWeave"


def test_a_statement_already_about_both_is_then_about_the_survivor_once(editor):
    world = two_coreweaves()
    world.statement.companies.add(world.kept)

    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    assert list(world.statement.companies.all()) == [world.kept]
    assert merge.moved["statements about it"] == [[world.statement.pk, False]]


def test_an_alias_the_survivor_already_has_stays_with_the_merged_company(editor):
    world = two_coreweaves()
    models.CompanyAlias.objects.create(company=world.kept, name="CW")

    company_merge(source=world.duplicate, into=world.kept, by=editor)

    world.alias.refresh_from_db()
    assert world.alias.company == world.duplicate
    assert world.kept.aliases.filter(name="CW").count() == 1


def test_an_agreement_with_both_as_the_same_party_refuses_the_merge_clearly(editor):
    world = two_coreweaves()
    models.AgreementParty.objects.create(
        agreement=world.party.agreement, company=world.kept, role=world.party.role
    )

    with pytest.raises(MergeRefused) as refused:
        company_merge(source=world.duplicate, into=world.kept, by=editor)

    assert refused.value.messages == [
        "Agreement “Microsoft–Core Weave compute deal” has both as Provider: "
        "CoreWeave already has the same one. Remove one of the two first."
    ]
    world.party.refresh_from_db()
    assert world.party.company == world.duplicate
    assert not Merge.objects.exists()


def test_the_same_citation_on_both_refuses_the_merge(editor):
    world = two_coreweaves()
    models.CompanyCitation.objects.create(
        record=world.kept,
        source=world.citation.source,
        locator=world.citation.locator,
        excerpt="Same place.",
    )

    with pytest.raises(MergeRefused, match="already has the same one"):
        company_merge(source=world.duplicate, into=world.kept, by=editor)


def test_a_company_owned_by_the_merged_one_cannot_be_merged_into_it(editor):
    world = two_coreweaves()

    with pytest.raises(MergeRefused, match="point at itself"):
        company_merge(source=world.duplicate, into=world.subsidiary, by=editor)
    world.subsidiary.refresh_from_db()
    assert world.subsidiary.parent == world.duplicate


def test_a_record_cannot_be_merged_into_itself(editor):
    world = two_coreweaves()

    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        company_merge(source=world.kept, into=world.kept, by=editor)


def test_nothing_is_merged_into_a_merged_record(editor):
    world = two_coreweaves()
    company_merge(source=world.duplicate, into=world.kept, by=editor)
    other = models.Company.objects.create(name="Coreweave Cloud", slug="cw-cloud")

    with pytest.raises(MergeRefused, match="merge into that one instead"):
        company_merge(source=other, into=world.duplicate, by=editor)
    with pytest.raises(MergeRefused, match="already merged into CoreWeave"):
        company_merge(source=world.duplicate, into=other, by=editor)


def test_records_of_different_kinds_are_not_merged(editor):
    world = two_coreweaves()

    with pytest.raises(MergeRefused, match="Only a company"):
        company_merge(source=world.person, into=world.kept, by=editor)


def test_a_person_merge_moves_their_statements_and_citations(editor):
    kept = PersonFactory(name="Sam Altman")
    duplicate = PersonFactory(name="Sam Altman (OpenAI)")
    statement = StatementFactory(speaker=duplicate)
    citation = models.PersonCitation.objects.create(
        record=duplicate, source=SourceFactory(), excerpt="He runs OpenAI."
    )

    person_merge(source=duplicate, into=kept, by=editor)

    statement.refresh_from_db()
    citation.refresh_from_db()
    duplicate.refresh_from_db()
    assert statement.speaker == kept
    assert citation.record == kept
    assert duplicate.merged_into == kept


def test_a_source_merge_moves_every_citation_of_it_and_its_statements(editor):
    kept = SourceFactory(title="The Information: OpenAI and Oracle")
    duplicate = SourceFactory(title="The Information — OpenAI & Oracle")
    citation = AgreementCitationFactory(source=duplicate)
    statement = StatementFactory(source=duplicate)
    reporting = SourceFactory(title="A podcast", reported_in=duplicate)

    source_merge(source=duplicate, into=kept, by=editor)

    for row in (citation, statement, reporting):
        row.refresh_from_db()
    assert citation.source == kept
    assert statement.source == kept
    assert reporting.reported_in == kept


def test_a_draft_name_does_not_become_a_public_alias(editor):
    world = two_coreweaves()
    world.duplicate.publication_status = models.PublicationStatus.DRAFT
    world.duplicate.save()

    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    assert not world.kept.aliases.filter(name="Core Weave").exists()
    assert merge.created_alias_id is None


def test_the_survivors_history_shows_the_moved_parts_not_the_name_key(editor):
    from partnerships.history import History
    from partnerships.visibility import EDITOR

    world = two_coreweaves()
    company_merge(source=world.duplicate, into=world.kept, by=editor)

    entries = History(world.kept, EDITOR).entries()
    alias = next(
        e for e in entries if e["part"] == "alias" and e["summary"] == "Core Weave"
    )
    assert alias["reason"] == "merged Core Weave into CoreWeave"
    assert "name_key" not in {change["field"] for change in alias["changes"]}
