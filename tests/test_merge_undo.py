"""A merge is undone from history: what moved goes back, the alias it made
goes, the merged record is seen again, and both histories say so."""

import pytest

from merges.services import MergeRefused, company_merge, record_unmerge
from partnerships import models
from tests.factories import CompanyFactory
from tests.merge_records import two_coreweaves

pytestmark = pytest.mark.django_db


def test_undo_moves_back_exactly_what_moved(editor):
    world = two_coreweaves()
    kept_party = models.AgreementParty.objects.create(
        agreement=world.party.agreement,
        company=world.kept,
        role=models.PartyRole.CUSTOMER,
    )
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    record_unmerge(merge=merge, by=editor)

    for row in (
        world.party,
        world.alias,
        world.citation,
        world.subsidiary,
        world.person,
    ):
        row.refresh_from_db()
    kept_party.refresh_from_db()
    assert world.party.company == world.duplicate
    assert kept_party.company == world.kept  # it never moved
    assert world.alias.company == world.duplicate
    assert world.citation.record == world.duplicate
    assert world.subsidiary.parent == world.duplicate
    assert world.person.affiliation == world.duplicate
    assert list(world.statement.companies.all()) == [world.duplicate]
    assert not world.kept.aliases.filter(name="Core Weave").exists()


def test_undo_keeps_a_statement_that_was_about_both_about_both(editor):
    world = two_coreweaves()
    world.statement.companies.add(world.kept)
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    record_unmerge(merge=merge, by=editor)

    assert set(world.statement.companies.all()) == {world.kept, world.duplicate}


def test_undo_makes_the_merged_record_seen_again_and_writes_both_histories(
    client, editor
):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    record_unmerge(merge=merge, by=editor)

    world.duplicate.refresh_from_db()
    merge.refresh_from_db()
    assert world.duplicate.merged_into is None
    assert merge.is_undone and merge.undone_by == editor
    reason = "undid: merged Core Weave into CoreWeave"
    assert world.duplicate.history.first().history_change_reason == reason
    assert world.kept.history.first().history_change_reason == reason
    assert client.get("/companies/core-weave/").status_code == 200


def test_a_row_moved_elsewhere_since_the_merge_stays_where_it_is(editor):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)
    elsewhere = CompanyFactory(name="Lambda")
    world.person.refresh_from_db()
    world.person.affiliation = elsewhere
    world.person.save()

    record_unmerge(merge=merge, by=editor)

    world.person.refresh_from_db()
    assert world.person.affiliation == elsewhere


def test_a_merge_is_undone_once(editor):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)
    record_unmerge(merge=merge, by=editor)

    with pytest.raises(MergeRefused, match="already undone"):
        record_unmerge(merge=merge, by=editor)


def test_undo_waits_for_a_later_merge_of_the_survivor_to_be_undone(editor):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)
    later = company_merge(
        source=world.kept, into=CompanyFactory(name="CW Holdings"), by=editor
    )

    with pytest.raises(MergeRefused, match="undo that merge first"):
        record_unmerge(merge=merge, by=editor)
    record_unmerge(merge=later, by=editor)
    record_unmerge(merge=merge, by=editor)
    world.duplicate.refresh_from_db()
    assert world.duplicate.merged_into is None
