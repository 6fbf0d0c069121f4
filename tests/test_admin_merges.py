"""Editors merge from a changelist: "Merge selected into…" shows what would
move and asks which record survives; each record's page and history list its
merges with "Undo this merge", which asks before undoing."""

import pytest

from merges.models import Merge
from merges.services import company_merge
from partnerships import models
from tests.merge_records import two_coreweaves

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/partnerships/company/"


def merge_action(client, world, follow=False, **extra):
    return client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": [world.kept.pk, world.duplicate.pk],
            **extra,
        },
        follow=follow,
    )


def test_the_confirmation_page_lists_what_moves_for_each_choice_of_survivor(
    editor_client,
):
    world = two_coreweaves()

    response = merge_action(editor_client, world)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep <strong>CoreWeave</strong>" in html
    assert "Keep <strong>Core Weave</strong>" in html
    assert "<li>agreement parties: 1</li>" in html
    assert "<li>companies it owns: 1</li>" in html
    assert not Merge.objects.exists()


def test_the_confirmation_page_shows_why_a_merge_cannot_be_made(editor_client):
    world = two_coreweaves()
    models.AgreementParty.objects.create(
        agreement=world.party.agreement, company=world.kept, role=world.party.role
    )

    html = merge_action(editor_client, world).content.decode()

    assert "has both as Provider" in html


def test_confirming_with_a_survivor_merges_the_others_into_it(editor_client, editor):
    world = two_coreweaves()

    response = merge_action(editor_client, world, confirm="yes", survivor=world.kept.pk)

    assert response.status_code == 302
    world.duplicate.refresh_from_db()
    assert world.duplicate.merged_into == world.kept
    assert Merge.objects.get().merged_by == editor


def test_confirming_without_a_survivor_asks_again(editor_client):
    world = two_coreweaves()

    response = merge_action(editor_client, world, confirm="yes")

    assert "Choose the record that survives." in response.content.decode()
    assert not Merge.objects.exists()


def test_a_refused_merge_says_why_and_changes_nothing(editor_client):
    world = two_coreweaves()
    models.AgreementParty.objects.create(
        agreement=world.party.agreement, company=world.kept, role=world.party.role
    )

    response = merge_action(
        editor_client, world, confirm="yes", survivor=world.kept.pk, follow=True
    )

    assert (
        "Not merged: Core Weave: Agreement “Microsoft–Core Weave compute deal” has both as Provider"
        in response.content.decode()
    )
    world.duplicate.refresh_from_db()
    assert world.duplicate.merged_into is None


def test_both_records_pages_and_histories_offer_undo(editor_client, editor):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    for record in (world.kept, world.duplicate):
        for page in ("change", "history"):
            url = f"{CHANGELIST}{record.pk}/{page}/"
            html = editor_client.get(url).content.decode()
            assert "Core Weave merged into CoreWeave" in html
            assert f"{CHANGELIST}{record.pk}/merges/{merge.pk}/undo/" in html
    page = editor_client.get(f"{CHANGELIST}{world.duplicate.pk}/change/")
    assert "This record was merged into" in page.content.decode()


def test_undo_asks_first_then_undoes(editor_client, editor):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)
    url = f"{CHANGELIST}{world.kept.pk}/merges/{merge.pk}/undo/"

    asked = editor_client.get(url)
    merge.refresh_from_db()
    assert "Yes, undo this merge" in asked.content.decode()
    assert not merge.is_undone

    done = editor_client.post(url)

    assert done.status_code == 302
    merge.refresh_from_db()
    world.duplicate.refresh_from_db()
    assert merge.is_undone
    assert world.duplicate.merged_into is None


def test_a_merge_of_other_records_cannot_be_undone_from_this_one(editor_client, editor):
    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)

    response = editor_client.post(
        f"{CHANGELIST}{world.subsidiary.pk}/merges/{merge.pk}/undo/"
    )

    assert response.status_code == 404
    merge.refresh_from_db()
    assert not merge.is_undone


def test_an_editor_without_change_permission_cannot_merge_or_undo(client, editor):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    world = two_coreweaves()
    merge = company_merge(source=world.duplicate, into=world.kept, by=editor)
    reader = get_user_model().objects.create_user(username="viewer", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_company"))
    client.force_login(reader)

    undo = client.post(f"{CHANGELIST}{world.kept.pk}/merges/{merge.pk}/undo/")

    assert undo.status_code == 403
    merge.refresh_from_db()
    assert not merge.is_undone
