"""An English reader can check the evidence: every excerpt, every phrase "as
reported" and every source title in another language comes with the editors'
English, labelled as their translation, beside the original."""

from tests import factories


def test_a_citation_shows_the_excerpt_then_the_editors_translation(client, db):
    citation = factories.AgreementCitationFactory(
        excerpt="雙方合作的核心", excerpt_en="The core of the cooperation"
    )
    content = client.get(citation.record.get_absolute_url()).content.decode()
    original = content.index("雙方合作的核心")
    label = content.index("Editors’ translation:", original)
    english = content.index('<p lang="en">The core of the cooperation</p>')
    assert original < label < english


def test_an_english_excerpt_gets_no_translation_label(client, db):
    citation = factories.AgreementCitationFactory(excerpt="The core", excerpt_en="")
    content = client.get(citation.record.get_absolute_url()).content.decode()
    assert "Editors’ translation" not in content


def test_a_source_shows_its_title_and_the_editors_english_title(client, db):
    source = factories.SourceFactory(
        title="OpenAI的動作", language="zh-Hant", title_en="OpenAI's moves"
    )
    citation = factories.AgreementCitationFactory(source=source)
    record = client.get(citation.record.get_absolute_url()).content.decode()
    shown = (
        '<span lang="zh-Hant">OpenAI的動作</span> <span class="title-en">'
        '(“<span lang="en">OpenAI&#x27;s moves</span>”, editors’ translation)'
    )
    assert shown in record
    page = client.get(source.get_absolute_url()).content.decode()
    assert '<h1 lang="zh-Hant">OpenAI的動作</h1>' in page
    assert 'OpenAI&#x27;s moves</span>” <span class="muted">(editors’ ' in page


def test_the_value_as_reported_comes_with_its_translation(client, db):
    agreement = factories.AgreementFactory(
        value_amount=10**11,
        value_currency="USD",
        value_qualifier="over",
        value_as_reported="可能超過1000億美元",
        value_as_reported_en="may exceed USD 100 billion",
    )
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert (
        '“可能超過1000億美元” <span class="as-reported">(editors’ translation: '
        '“<span lang="en">may exceed USD 100 billion</span>”)</span>'
    ) in content


def test_what_each_report_says_comes_with_its_translation(client, db):
    citation = factories.AgreementCitationFactory(
        record__value_amount=10**11,
        record__value_currency="USD",
        record__value_qualifier="over",
    )
    factories.TermReportFactory(
        citation=citation,
        says="可能超過1000億美元",
        says_en="may exceed USD 100 billion",
    )
    content = client.get(citation.record.get_absolute_url()).content.decode()
    assert (
        '<span class="translation-label">Editors’ translation:</span> '
        '<span lang="en">may exceed USD 100 billion</span>'
    ) in content


def test_the_nvidia_evidence_keeps_may_exceed_in_english(client, article):
    content = client.get("/agreements/openai-nvidia-10gw-partnership/").content.decode()
    assert "the investment in the whole project may exceed USD 100 billion" in content
    assert "reportedly, the plan is to deploy an NVIDIA AI supercomputer" in content
    assert "the two have reached or are pursuing a grand strategic partnership" in (
        content
    )
    assert "OpenAI is moving faster than anyone imagined" in content


def test_the_aws_commitments_are_translated_as_reported(client, article):
    content = client.get("/agreements/openai-aws-cloud-compute/").content.decode()
    assert "數十萬張最新一代英偉達GPU" in content
    assert "hundreds of thousands of latest-generation NVIDIA GPUs" in content
    assert '“<span lang="en">USD 38 billion</span>”' in content
