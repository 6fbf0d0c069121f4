"""The article's records, as `loaddata article` puts them in the database.

These tests read the loaded records, not the JSON: they say what the tracker
holds about the article once the fixtures are in.
"""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from partnerships import models as tracked
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyAlias,
    CompanyCitation,
    Person,
    PersonCitation,
    PublicationStatus,
    Source,
    Statement,
    StatementCitation,
    Topic,
)

pytestmark = pytest.mark.django_db

ARTICLE = "yoky-openai-moves-faster-than-anyone-imagined"
PODCAST = "gerstner-altman-nadella-video-podcast"

# A character's pinyin in brackets, left behind by the page's conversion: 協(xié)議.
PINYIN_ARTIFACT = re.compile(
    r"\([a-zü]+[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)"
    r"|\([āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)"
)

CJK = re.compile(r"[\u4e00-\u9fff]")

PUBLISHABLE = [Company, Person, Source, Agreement, Statement]


def partnerships_models() -> list[type[models.Model]]:
    return list(apps.get_app_config("partnerships").get_models())


def record_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in partnerships_models()}


def stored_text(model: type[models.Model]) -> list[tuple[str, str, str]]:
    """(model, field, value) for every non-empty char or text value of `model`."""
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]
    if not fields:  # values() without fields would return every column
        return []
    return [
        (model.__name__, name, value)
        for row in model.objects.values(*fields)
        for name, value in row.items()
        if value
    ]


def agreement(slug: str) -> Agreement:
    return Agreement.objects.get(slug=slug)


# -- loading ---------------------------------------------------------------------


def test_the_article_fixtures_load_every_kind_of_record(article):
    counts = record_counts()
    for model in [
        Topic,
        Source,
        Company,
        CompanyAlias,
        Person,
        Agreement,
        AgreementParty,
        Commitment,
        Statement,
        CompanyCitation,
        PersonCitation,
        AgreementCitation,
        StatementCitation,
    ]:
        assert counts[model.__name__] > 0, model.__name__


def test_loading_the_fixtures_twice_creates_no_duplicates(article):
    before = record_counts()

    call_command("loaddata", "article", verbosity=0)

    assert record_counts() == before


def test_every_loaded_record_passes_the_models_own_validation(article):
    for model in partnerships_models():
        if model.__name__.startswith("Historical"):
            continue
        for record in model.objects.all():
            record.full_clean()


def test_nothing_the_article_holds_is_a_draft(article):
    for model in PUBLISHABLE:
        drafts = model.objects.exclude(publication_status=PublicationStatus.PUBLISHED)
        assert list(drafts) == [], model.__name__


def test_every_published_record_cites_at_least_one_source(article):
    for model in [Company, Person, Agreement, Statement]:
        uncited = model.objects.filter(
            publication_status="published", citations__isnull=True
        )
        assert list(uncited) == [], model.__name__


def test_no_stored_text_carries_a_pinyin_artifact(article):
    values = [row for model in partnerships_models() for row in stored_text(model)]
    artifacts = [row for row in values if PINYIN_ARTIFACT.search(row[2])]

    assert len(values) > 300  # the scan reads real text, not an empty table
    assert artifacts == []


def test_the_pinyin_scan_catches_a_conversion_artifact():
    assert PINYIN_ARTIFACT.search("徹底取消了與微軟的排他性協(xié)議")
    assert PINYIN_ARTIFACT.search("已經發(fā)生")
    assert not PINYIN_ARTIFACT.search("高達10吉瓦(gigawatts)")
    assert not PINYIN_ARTIFACT.search("推理層面(inferencestack)")


def test_the_agreements_are_exactly_the_seven_the_article_reports(article):
    assert set(Agreement.objects.values_list("slug", flat=True)) == {
        "openai-microsoft-azure-exclusive-cloud",
        "openai-microsoft-azure-stateless-api",
        "openai-aws-cloud-compute",
        "openai-nvidia-10gw-partnership",
        "nvidia-openai-gpu-supply",
        "openai-oracle-compute",
        "aws-anthropic-cloud-training",
    }


# -- no facts from memory ------------------------------------------------------------


def test_the_article_gives_no_event_dates_so_none_are_stored(article):
    dated = Agreement.objects.exclude(
        announced_on=None, effective_on=None, ended_on=None
    )
    assert list(dated) == []
    assert list(Statement.objects.exclude(said_on=None)) == []
    assert list(Source.objects.exclude(published_on=None)) == []


def test_only_the_stateless_api_agreement_has_an_expiry(article):
    expiring = Agreement.objects.exclude(expires_on=None)

    assert [a.slug for a in expiring] == ["openai-microsoft-azure-stateless-api"]


def test_no_company_has_a_website_the_article_does_not_give(article):
    assert list(Company.objects.exclude(website="")) == []
    assert list(Source.objects.exclude(url="")) == []


# -- sources --------------------------------------------------------------------------


def test_the_article_is_a_chinese_article_by_yoky_on_netease_hao(article):
    source = Source.objects.get(slug=ARTICLE)

    assert source.kind == "article"
    assert source.language == "zh-Hant"
    assert source.author == "Yoky"
    assert "網易號" in source.publisher
    assert "no headline" in source.description


def test_the_podcast_is_known_through_the_article(article):
    podcast = Source.objects.get(slug=PODCAST)

    assert podcast.kind == "podcast"
    assert podcast.language == "en"
    assert podcast.reported_in.slug == ARTICLE
    assert "Brad Gerstner" in podcast.title


# -- agreements ---------------------------------------------------------------------


def test_the_aws_deal_is_worth_exactly_usd_38_billion(article):
    deal = agreement("openai-aws-cloud-compute")

    assert deal.value_amount == Decimal("38e9")
    assert deal.value_currency == "USD"
    assert deal.value_qualifier == "exact"
    assert deal.value_as_reported == "380億美元"
    assert deal.value_display == "USD 38 billion"
    assert deal.value_short == "USD 38 bn"


def test_the_aws_deal_is_between_openai_and_aws(article):
    roles = set(
        agreement("openai-aws-cloud-compute").parties.values_list(
            "company__slug", "role"
        )
    )

    assert roles == {("openai", "customer"), ("amazon-web-services", "provider")}


def test_the_aws_deal_exclusivity_is_unknown_because_the_article_is_silent(article):
    assert agreement("openai-aws-cloud-compute").exclusivity == "unknown"


def test_the_aws_gpus_are_hundreds_of_thousands_not_an_exact_count(article):
    gpus = agreement("openai-aws-cloud-compute").commitments.get(kind="gpu")

    assert gpus.quantity_qualifier == "multiples"
    assert gpus.display == "hundreds of thousands of GPUs"
    assert gpus.as_reported == "數十萬張最新一代英偉達GPU"


def test_the_aws_cpus_are_tens_of_millions(article):
    cpus = agreement("openai-aws-cloud-compute").commitments.get(kind="cpu")

    assert cpus.quantity_qualifier == "multiples"
    assert cpus.display == "tens of millions of CPUs"


def test_the_nvidia_partnership_is_over_usd_100_billion_and_up_to_10_gw(article):
    deal = agreement("openai-nvidia-10gw-partnership")
    capacity = deal.commitments.get(kind="power_capacity")

    assert deal.value_qualifier == "over"
    assert deal.value_display == "over USD 100 billion"
    assert deal.value_short == "> USD 100 bn"
    assert deal.value_as_reported == "可能超過1000億美元"
    assert deal.status == "announced"
    assert capacity.display == "up to 10 GW"
    assert "2026" in capacity.note


def test_anthropic_plans_trainium_and_inferentia_chips_without_a_count(article):
    chips = agreement("aws-anthropic-cloud-training").commitments.filter(kind="chip")

    assert {chip.resource for chip in chips} == {"Trainium chips", "Inferentia chips"}
    assert all(c.quantity is None and c.quantity_qualifier == "" for c in chips)


def test_the_azure_stateless_api_agreement_runs_through_2030(article):
    deal = agreement("openai-microsoft-azure-stateless-api")

    assert deal.expires.precision == "year"
    assert deal.expires.display == "2030"
    assert deal.exclusivity == "partly_exclusive"
    assert deal.exclusivity_scope == "stateless APIs"
    assert deal.status == "active"


def test_the_azure_stateless_api_agreement_cites_the_podcast_and_the_article(article):
    sources = set(
        agreement("openai-microsoft-azure-stateless-api").citations.values_list(
            "source__slug", flat=True
        )
    )

    assert sources == {ARTICLE, PODCAST}


def test_the_old_exclusive_azure_agreement_was_superseded(article):
    old = agreement("openai-microsoft-azure-exclusive-cloud")

    assert old.status == "superseded"
    assert old.superseded_by.slug == "openai-microsoft-azure-stateless-api"
    assert old.exclusivity == "exclusive"
    assert old.right_of_first_refusal is True
    assert old.ended_on is None  # the article says "last Tuesday", not a date
    assert "restructuring" in old.end_reason


def test_every_agreement_has_two_parties_and_an_english_title(article):
    for deal in Agreement.objects.all():
        assert deal.parties.count() == 2, deal.slug
        assert not CJK.search(deal.title), deal.slug


# -- companies and people -------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "owner"),
    [
        ("amazon-web-services", "amazon"),
        ("microsoft-azure", "microsoft"),
        ("google-cloud", "google"),
    ],
)
def test_each_cloud_platform_is_tied_to_its_owner(article, platform, owner):
    assert Company.objects.get(slug=platform).parent.slug == owner


@pytest.mark.parametrize(
    ("alias", "company"),
    [
        ("AWS", "amazon-web-services"),
        ("亞馬遜", "amazon"),
        ("微軟", "microsoft"),
        ("Azure", "microsoft-azure"),
        ("英偉達", "nvidia"),
        ("甲骨文", "oracle"),
        ("谷歌", "google"),
    ],
)
def test_an_alias_from_the_article_resolves_to_its_company(article, alias, company):
    assert Company.objects.get(aliases__name=alias).slug == company


def test_the_company_kinds_are_what_the_article_supports(article):
    def kinds(slug: str) -> set[str]:
        return set(Company.objects.get(slug=slug).kinds.values_list("slug", flat=True))

    assert kinds("openai") == {"ai-lab"}
    assert kinds("anthropic") == {"ai-lab"}
    assert kinds("nvidia") == {"chip-maker"}
    assert kinds("amazon-web-services") == {"cloud-provider"}
    assert kinds("microsoft-azure") == {"cloud-platform"}


def test_the_chief_executives_and_the_host(article):
    altman = Person.objects.get(slug="sam-altman")
    nadella = Person.objects.get(slug="satya-nadella")
    host = Person.objects.get(slug="brad-gerstner")

    assert altman.title == "Chief executive, OpenAI"
    assert nadella.title == "Chief executive, Microsoft"
    assert host.role == "Podcast host"
    assert host.affiliation is None  # the article gives none


# -- statements ---------------------------------------------------------------------


def test_every_statement_is_the_articles_chinese_with_an_editors_translation(
    article,
):
    for statement in Statement.objects.all():
        assert statement.language == "zh-Hant", statement.slug
        assert statement.spoken_language == "en", statement.slug
        assert statement.text_en_is_translation is True, statement.slug
        assert statement.text_en, statement.slug
        assert statement.source.slug == PODCAST, statement.slug
        assert statement.citations.filter(source__slug=ARTICLE).exists()


def test_altman_says_it_is_not_so_in_answer_to_gerstners_question(article):
    answer = Statement.objects.get(slug="altman-not-the-case")

    assert answer.text == "不是這樣的。"
    assert answer.form == "quote"
    assert answer.speaker.slug == "sam-altman"
    assert answer.in_reply_to.speaker.slug == "brad-gerstner"
    assert "GPT-6" in answer.in_reply_to.text


def test_altmans_stateless_api_explanation_is_a_paraphrase_about_azure(article):
    explanation = Statement.objects.get(
        slug="altman-stateless-apis-on-azure-through-2030"
    )

    assert explanation.form == "paraphrase"
    assert explanation.in_reply_to.slug == "gerstner-chatgpt-on-other-clouds"
    assert set(explanation.agreements.values_list("slug", flat=True)) >= {
        "openai-microsoft-azure-stateless-api"
    }


def test_nadella_answers_the_compute_question_with_a_coming_glut(article):
    answer = Statement.objects.get(slug="nadella-compute-will-be-in-surplus")

    assert answer.speaker.slug == "satya-nadella"
    assert answer.form == "paraphrase"
    assert answer.in_reply_to.slug == "gerstner-compute-scarcity"
    assert set(answer.topics.values_list("slug", flat=True)) >= {
        "compute-glut",
        "data-centres-and-energy",
        "agi",
    }


def test_altmans_compute_glut_quote_keeps_the_articles_words(article):
    quote = Statement.objects.get(slug="altman-compute-will-be-in-surplus-one-day")

    assert quote.form == "quote"
    assert quote.text.startswith("總有一天,算力一定會過剩")
    assert quote.text.endswith("“燒慘”。")


# -- make run (load_article) ---------------------------------------------------------


def curated_counts() -> dict[str, int]:
    """Rows the fixture provides: every model but the kinds migrate adds and history."""
    return {
        name: count
        for name, count in record_counts().items()
        if name != "CompanyKind" and not name.startswith("Historical")
    }


def load_article() -> str:
    out = StringIO()
    call_command("load_article", stdout=out)
    return out.getvalue()


def test_load_article_fills_an_empty_database_with_what_loaddata_loads(db):
    output = load_article()
    loaded = curated_counts()

    assert f"{sum(loaded.values())} created, 0 unchanged, 0 skipped." in output
    assert Agreement.objects.count() == 7
    old = agreement("openai-microsoft-azure-exclusive-cloud")
    assert old.superseded_by.slug == "openai-microsoft-azure-stateless-api"
    answer = Statement.objects.get(slug="nadella-compute-will-be-in-surplus")
    assert answer.topics.filter(slug="compute-glut").exists()
    # loaddata finds every record load_article made by its natural key.
    call_command("loaddata", "article", verbosity=0)
    assert curated_counts() == loaded


def test_load_article_changes_nothing_the_second_time(db):
    load_article()
    before = record_counts()

    output = load_article()

    assert f"0 created, {sum(curated_counts().values())} unchanged, 0 skipped." in (
        output
    )
    assert record_counts() == before


def test_load_article_leaves_an_editors_change_alone(article):
    company = Company.objects.get(slug="openai")
    company.description = "An editor's own words."
    company.save()
    before = record_counts()

    output = load_article()

    assert "skipped company openai: changed by an editor" in output
    assert Company.objects.get(slug="openai").description == "An editor's own words."
    assert record_counts() == before


# -- how sure each term is ------------------------------------------------------------


def test_every_term_of_every_agreement_rests_on_a_report(article):
    for agreement in tracked.Agreement.objects.all():
        assert agreement.terms_without_reading() == [], agreement.slug


def test_every_report_quotes_its_citation(article):
    for report in tracked.TermReport.objects.select_related("citation"):
        assert report.says in report.citation.excerpt, report


def test_the_nvidia_value_and_10_gw_are_reported_planned_and_possible(article):
    nvidia = tracked.Agreement.objects.get(slug="openai-nvidia-10gw-partnership")
    value = nvidia.certainty(tracked.Term.VALUE)
    assert (value.basis, value.modality) == ("unnamed_sources", "possible")
    gigawatts = nvidia.commitments.get(unit="GW")
    capacity = nvidia.certainty(tracked.Term.COMMITMENT, gigawatts.pk)
    assert (capacity.basis, capacity.modality) == ("unnamed_sources", "planned")
    assert nvidia.value_shown == (
        "may exceed USD 100 billion (reported, unnamed sources)"
    )


def test_the_aws_deal_is_announced_by_the_parties(article):
    aws = tracked.Agreement.objects.get(slug="openai-aws-cloud-compute")
    for term, commitment in aws.reported_terms():
        certainty = aws.certainty(term, commitment.pk if commitment else None)
        assert (certainty.basis, certainty.modality) == ("announced", "fact")


def test_the_azure_stateless_apis_through_2030_are_stated_by_altman(article):
    azure = tracked.Agreement.objects.get(slug="openai-microsoft-azure-stateless-api")
    for term in (tracked.Term.EXCLUSIVITY, tracked.Term.EXPIRES):
        certainty = azure.certainty(term)
        assert (certainty.basis, certainty.modality) == ("executive", "fact")


def test_anthropic_only_plans_its_chips(article):
    anthropic = tracked.Agreement.objects.get(slug="aws-anthropic-cloud-training")
    for commitment in anthropic.commitments.all():
        certainty = anthropic.certainty(tracked.Term.COMMITMENT, commitment.pk)
        assert certainty.modality == "planned"


# -- the editors' English -------------------------------------------------------------

CITATIONS = [CompanyCitation, PersonCitation, AgreementCitation, StatementCitation]


def test_every_chinese_excerpt_has_the_editors_english(article):
    for model in CITATIONS:
        for citation in model.objects.all():
            assert CJK.search(citation.excerpt), citation
            assert citation.excerpt_en, citation
            assert not CJK.search(citation.excerpt_en), citation


def test_every_chinese_phrase_as_reported_has_the_editors_english(article):
    for agreement in Agreement.objects.exclude(value_as_reported=""):
        assert agreement.value_as_reported_en, agreement.slug
    for commitment in Commitment.objects.all():
        if CJK.search(commitment.as_reported):
            assert commitment.as_reported_en, commitment
        else:
            assert commitment.as_reported_en == "", commitment
    for report in tracked.TermReport.objects.all():
        assert report.says_en, report
        assert not CJK.search(report.says_en), report


def test_a_report_and_its_excerpt_say_it_in_the_same_english(article):
    reports = tracked.TermReport.objects.select_related("citation")
    for report in reports.exclude(term=tracked.Term.COMMITMENT):
        english = report.citation.excerpt_en.lower()
        assert report.says_en.lower().removeprefix("the ") in english, report


def test_the_english_keeps_the_nvidia_hedges(article):
    nvidia = Agreement.objects.get(slug="openai-nvidia-10gw-partnership")
    assert nvidia.value_as_reported_en == "may exceed USD 100 billion"
    says = dict(nvidia.term_reports.values_list("term", "says_en"))
    assert "may exceed USD 100 billion" in says["value"]
    assert "have reached or are pursuing" in says["status"]
    assert says["commitment"].startswith("reportedly")
    assert "up to 10 gigawatts" in says["commitment"]


def test_the_aws_value_in_english_is_exactly_usd_38_billion(article):
    aws = Agreement.objects.get(slug="openai-aws-cloud-compute")
    assert aws.value_as_reported_en == "USD 38 billion"


def test_the_article_has_an_english_title_and_the_podcast_needs_none(article):
    assert Source.objects.get(slug=ARTICLE).title_en == (
        "OpenAI is moving faster than anyone imagined"
    )
    assert Source.objects.get(slug=PODCAST).title_en == ""


def test_every_statement_has_a_short_english_headline(article):
    headlines = []
    for statement in Statement.objects.select_related("speaker"):
        assert statement.headline, statement.slug
        assert len(statement.headline) <= 90, statement.slug
        assert not CJK.search(statement.headline), statement.slug
        # The speaker is named by surname; nothing is put in quotation marks.
        assert statement.speaker.name.split()[-1] in statement.headline
        assert "“" not in statement.headline
        headlines.append(statement.headline)
    assert len(set(headlines)) == len(headlines)
