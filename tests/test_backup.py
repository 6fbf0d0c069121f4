"""A backup restored into an empty database gives back every record and history row."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from corrections.models import Correction
from corrections.services import correction_create
from editorial.models import Review
from editorial.review import review_request
from merges.models import Merge
from merges.services import company_merge
from partnerships import models
from partnerships.services import EDITORS_GROUP, editors_group_ensure
from tests.factories import (
    AgreementCitationFactory,
    AgreementPartyFactory,
    CompanyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def curated_data(editor):
    citation = AgreementCitationFactory(record__summary="As first reported")
    agreement = citation.record
    party = AgreementPartyFactory(agreement=agreement)
    # A merge, which must still be undoable after a restore.
    company_merge(source=CompanyFactory(), into=party.company, by=editor)
    agreement.summary = "Edited by an editor"
    agreement._change_reason = "clarified"
    agreement._history_user = editor
    agreement.save()
    # Editors' work beside the records: a review asked for, a reader's correction.
    review_request(record=CompanyFactory(publication_status="draft"), editor=editor)
    correction_create(
        record=agreement, text="It ends in 2029.", source_url="", address="x"
    )
    return agreement


# Outside a test transaction: flush empties the database as a new one would be,
# which PostgreSQL refuses while deferred constraint checks are pending.
@pytest.mark.django_db(transaction=True)
def test_backup_round_trip_is_identical(curated_data, editor, tmp_path):
    # As on a database in use: the Editors group is not the first group row, so
    # the one `migrate` makes in the new database has another primary key.
    Group.objects.filter(name=EDITORS_GROUP).delete()
    editor.groups.add(editors_group_ensure())
    first = tmp_path / "first.json"
    call_command("backup", str(first))
    history_rows = models.Agreement.history.count()
    assert history_rows == 2

    call_command("flush", interactive=False, verbosity=0)
    assert not models.Agreement.objects.exists()
    assert not models.Agreement.history.exists()

    call_command("restore", str(first))
    second = tmp_path / "second.json"
    call_command("backup", str(second))

    before, after = json.loads(first.read_text()), json.loads(second.read_text())
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        changed = {
            name: (value, new["fields"].get(name))
            for name, value in old["fields"].items()
            if new["fields"].get(name) != value
        }
        assert (old["model"], old["pk"], changed) == (new["model"], new["pk"], {})
    restored = models.Agreement.objects.get(pk=curated_data.pk)
    assert restored.summary == "Edited by an editor"
    assert Review.objects.get().record.publication_status == "draft"
    assert Correction.objects.get().record == restored
    assert restored.parties.count() == 1
    assert restored.citations.count() == 1
    latest = restored.history.first()
    assert latest.history_change_reason == "clarified"
    assert latest.history_user.username == "editor"
    assert restored.history.first().history_user.groups.get().name == EDITORS_GROUP
    assert Merge.objects.get().merged_by.username == "editor"


def test_restore_refuses_a_database_that_holds_records(curated_data, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore", str(backup))


def test_restore_of_a_missing_file_names_the_file(tmp_path):
    with pytest.raises(CommandError, match="file: .*missing.json does not exist"):
        call_command("restore", str(tmp_path / "missing.json"))


def test_restore_of_a_file_that_is_not_a_backup_names_the_file(tmp_path, db):
    not_a_backup = tmp_path / "notes.json"
    not_a_backup.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match="notes.json is not a backup"):
        call_command("restore", str(not_a_backup))


@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_times_to_the_microsecond(curated_data, tmp_path):
    # Within the first millisecond of a second: Django's own JSON would write
    # .000 here and the second backup no fraction at all.
    saved = datetime.datetime(2026, 5, 1, 12, 0, 0, 400, tzinfo=datetime.UTC)
    first_version = curated_data.history.earliest()
    curated_data.history.filter(pk=first_version.pk).update(history_date=saved)
    first = tmp_path / "first.json"
    call_command("backup", str(first))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(first))
    second = tmp_path / "second.json"
    call_command("backup", str(second))

    assert "2026-05-01T12:00:00.000400Z" in first.read_text()
    assert first.read_text() == second.read_text()
    assert curated_data.history.get(pk=first_version.pk).history_date == saved
