"""`manage.py load_article` loads the seeds record by record, never over an editor."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Company,
    CompanyAlias,
    Person,
    Source,
    Statement,
    Topic,
)

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed_article.json"
ARTICLE = Path(__file__).parent.parent / "fixtures" / "article.json"
SEED_MODELS = (
    Topic,
    Source,
    Company,
    CompanyAlias,
    Person,
    Agreement,
    AgreementParty,
    AgreementCitation,
    Statement,
)


def load(fixture: Path = SEED, **options) -> str:
    out = StringIO()
    call_command("load_article", fixture=str(fixture), stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEED_MODELS}


def history_count() -> int:
    return sum(model.history.count() for model in SEED_MODELS if model is not Topic)


@pytest.mark.django_db
def test_it_loads_every_record_into_an_empty_database():
    output = load()

    assert counts() == {
        "Topic": 1,
        "Source": 1,
        "Company": 3,
        "CompanyAlias": 1,
        "Person": 1,
        "Agreement": 1,
        "AgreementParty": 2,
        "AgreementCitation": 1,
        "Statement": 2,
    }
    assert "13 created, 0 unchanged, 0 skipped." in output
    agreement = Agreement.objects.get(slug="openai-aws-cloud-compute")
    assert agreement.value_display == "USD 38 billion"
    assert agreement.expires.display == "2032"


@pytest.mark.django_db
def test_references_to_records_later_in_the_fixture_are_filled():
    load()

    # amazon-web-services comes before its parent, the answer before its question.
    assert Company.objects.get(slug="amazon-web-services").parent.slug == "amazon"
    answer = Statement.objects.get(slug="altman-answer")
    assert answer.in_reply_to.slug == "altman-question"
    assert [topic.slug for topic in answer.topics.all()] == ["compute-supply"]
    assert [company.slug for company in answer.companies.all()] == ["openai"]


@pytest.mark.django_db
def test_created_records_are_in_the_history_with_the_reason():
    load()

    agreement = Agreement.objects.get(slug="openai-aws-cloud-compute")
    (entry,) = agreement.history.all()
    assert (entry.history_type, entry.history_change_reason) == ("+", "load_article")


@pytest.mark.django_db
def test_a_second_run_reports_everything_unchanged_and_writes_nothing():
    load()
    before = (counts(), history_count(), list(Agreement.objects.values()))

    output = load()

    assert "0 created, 13 unchanged, 0 skipped." in output
    assert (counts(), history_count(), list(Agreement.objects.values())) == before


@pytest.mark.django_db
def test_an_editors_change_is_kept_and_reported_as_skipped():
    load()
    agreement = Agreement.objects.get(slug="openai-aws-cloud-compute")
    agreement.summary = "Corrected by an editor."
    agreement.exclusivity = "unknown"
    agreement.save()

    output = load()

    agreement.refresh_from_db()
    assert agreement.summary == "Corrected by an editor."
    assert agreement.exclusivity == "unknown"
    assert (
        "skipped agreement openai-aws-cloud-compute: changed by an editor "
        "(fields: summary, exclusivity)" in output
    )
    assert "0 created, 12 unchanged, 1 skipped." in output


@pytest.mark.django_db
def test_a_record_an_editor_deleted_is_not_recreated():
    load()
    CompanyAlias.objects.get(name="AWS").delete()

    output = load()

    assert not CompanyAlias.objects.filter(name="AWS").exists()
    assert (
        "skipped company alias (amazon-web-services, AWS): deleted by an editor"
        in output
    )


@pytest.mark.django_db
def test_the_parts_of_a_deleted_agreement_stay_deleted():
    load()
    Agreement.objects.get(slug="openai-aws-cloud-compute").delete()

    output = load()

    assert not Agreement.objects.exists()
    assert not AgreementParty.objects.exists()
    assert not AgreementCitation.objects.exists()
    assert "skipped agreement openai-aws-cloud-compute: deleted by an editor" in output
    assert (
        "skipped agreement party (openai-aws-cloud-compute, openai, customer): its "
        "agreement (openai-aws-cloud-compute) is not in the database" in output
    )
    assert "0 created, 9 unchanged, 4 skipped." in output


@pytest.mark.django_db
def test_a_deleted_topic_is_recreated_as_topics_keep_no_history():
    load()
    Topic.objects.get(slug="compute-supply").delete()

    output = load()

    assert Topic.objects.filter(slug="compute-supply").exists()
    assert "1 created, 12 unchanged, 0 skipped." in output


@pytest.mark.django_db
def test_records_loaded_with_loaddata_are_unchanged():
    """Databases seeded by the earlier `loaddata` command keep working."""
    call_command("loaddata", str(SEED), verbosity=0)

    output = load()

    assert "0 created, 13 unchanged, 0 skipped." in output


@pytest.mark.django_db
def test_the_article_loads_and_reloads_unchanged():
    size = len(json.loads(ARTICLE.read_text(encoding="utf-8")))

    first, second = load(ARTICLE), load(ARTICLE)

    assert f"{size} created, 0 unchanged, 0 skipped." in first
    assert f"0 created, {size} unchanged, 0 skipped." in second
    assert Agreement.objects.count() > 0
    assert Statement.objects.count() > 0


@pytest.mark.django_db
def test_the_default_fixture_is_the_article():
    out = StringIO()
    call_command("load_article", stdout=out)

    assert "(article.json)" in out.getvalue()
    assert Company.objects.filter(slug="openai").exists()


@pytest.mark.django_db
def test_a_missing_fixture_is_an_error_naming_the_option(tmp_path):
    with pytest.raises(CommandError, match="--fixture: no such file"):
        load(tmp_path / "missing.json")


@pytest.mark.django_db
def test_a_fixture_with_primary_keys_is_refused(tmp_path):
    fixture = tmp_path / "with-pk.json"
    fixture.write_text(
        json.dumps([{"model": "partnerships.topic", "pk": 1, "fields": {}}])
    )

    with pytest.raises(CommandError, match="record 1 has a pk"):
        load(fixture)
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_a_fixture_that_is_not_json_is_refused(tmp_path):
    fixture = tmp_path / "broken.json"
    fixture.write_text('[{"model": ')

    with pytest.raises(CommandError, match="--fixture: .* is not a JSON fixture"):
        load(fixture)
