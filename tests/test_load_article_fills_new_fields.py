"""`manage.py load_article` on a database loaded before a field existed: the
fixture's value fills the new, never-written field (the editors' English added
after the article was first loaded), and nothing an editor wrote is touched."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from partnerships.models import Source

SEED = Path(__file__).parent / "data" / "seed_article.json"
SLUG = "the-article"


def load(fixture: Path) -> str:
    out = StringIO()
    call_command("load_article", fixture=str(fixture), stdout=out)
    return out.getvalue()


@pytest.fixture
def with_english_title(tmp_path) -> Path:
    """The seed as a later version of it: the source's English title added."""
    items = json.loads(SEED.read_text(encoding="utf-8"))
    for item in items:
        if item["model"] == "partnerships.source":
            item["fields"]["title_en"] = "OpenAI is moving faster than anyone imagined"
    path = tmp_path / "later.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_field_never_written_is_filled_from_the_fixture(with_english_title):
    load(SEED)
    output = load(with_english_title)
    source = Source.objects.get(slug=SLUG)
    assert source.title_en == "OpenAI is moving faster than anyone imagined"
    assert f"filled in source {SLUG} (fields: title_en)" in output
    assert "1 filled in." in output
    assert source.history.first().history_change_reason == "load_article"


@pytest.mark.django_db
def test_a_field_an_editor_cleared_stays_cleared(with_english_title):
    load(SEED)
    source = Source.objects.get(slug=SLUG)
    source.title_en = "An editor's title"
    source.save()
    source.title_en = ""
    source.save()
    output = load(with_english_title)
    source.refresh_from_db()
    assert source.title_en == ""
    assert f"skipped source {SLUG}: changed by an editor (fields: title_en)" in output


@pytest.mark.django_db
def test_other_changes_by_an_editor_keep_the_whole_record(with_english_title):
    load(SEED)
    source = Source.objects.get(slug=SLUG)
    source.description = "Corrected by an editor."
    source.save()
    load(with_english_title)
    source.refresh_from_db()
    assert (source.description, source.title_en) == ("Corrected by an editor.", "")
