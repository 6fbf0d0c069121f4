"""Imports of agreements, companies and statements: dry run first, all or nothing.

Every malformed file is refused with a message naming the row and the column,
and each test of one checks the database is exactly as it was.
"""

import codecs
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.imports import ImportReport, records_import
from partnerships.management.commands.import_records import Command
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Company,
    CompanyAlias,
    ImportJob,
    Statement,
)
from tests.factories import CompanyFactory, PersonFactory, SourceFactory

DATA = Path(__file__).parent / "data" / "imports"


AGREEMENT_HEADER = (
    "slug,title,kind,status,parties,announced,effective,expires,"
    "value_amount,value_currency,value_qualifier"
)
GOOD_AGREEMENT = (
    "openai-aws,OpenAI–AWS compute,cloud_compute,active,"
    "openai:customer|amazon-web-services:provider,2025-11-03,2025-11,2032,"
    "38000000000,USD,exact"
)


@pytest.fixture
def world(db):
    """The records the import files refer to: companies, a person, a source."""
    openai = CompanyFactory(slug="openai", name="OpenAI", publication_status="draft")
    CompanyFactory(
        slug="amazon-web-services",
        name="Amazon Web Services",
        publication_status="draft",
    )
    PersonFactory(slug="sam-altman", name="Sam Altman", affiliation=openai)
    SourceFactory(slug="openai-aws-announcement", title="The announcement")
    return openai


def run(record_type: str, content: str | bytes, filename: str = "file.csv", **kw):
    if isinstance(content, str):
        content = content.encode()
    return records_import(
        record_type=record_type, content=content, filename=filename, **kw
    )


def csv_file(header: str, *rows: str) -> str:
    return "\n".join([header, *rows]) + "\n"


def database_state() -> tuple:
    """Counts of every imported model and their history, and one stored value."""
    return (
        Company.objects.count(),
        CompanyAlias.objects.count(),
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        AgreementCitation.objects.count(),
        Statement.objects.count(),
        Company.history.count(),
        Agreement.history.count(),
        Company.objects.get(slug="openai").name,
    )


def refused(report: ImportReport) -> str:
    assert report.refused, report.lines()
    assert not report.committed
    return "\n".join(report.refused)


def rejected(report: ImportReport) -> str:
    assert report.counts["rejected"], report.lines()
    assert not report.committed
    return "\n".join(report.lines())


# -- dry run, commit, re-import -------------------------------------------------


def test_a_dry_run_reports_what_would_be_created_and_writes_nothing(world):
    before = database_state()

    report = run("agreements", csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT))

    assert [(row.number, row.slug, row.outcome) for row in report.rows] == [
        (2, "openai-aws", "created")
    ]
    assert not report.committed
    assert database_state() == before


def test_commit_writes_the_rows_with_dates_at_their_precision(world):
    report = run("agreements", csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT), commit=True)

    assert report.committed
    agreement = Agreement.objects.get(slug="openai-aws")
    assert agreement.announced.display == "3 November 2025"
    assert agreement.effective.display == "November 2025"
    assert (agreement.expires_on.isoformat(), agreement.expires_precision) == (
        "2032-01-01",
        "year",
    )
    assert agreement.value_display == "USD 38 billion"
    assert sorted(str(party) for party in agreement.parties.all()) == [
        "Amazon Web Services (provider)",
        "OpenAI (customer)",
    ]
    assert agreement.publication_status == "draft"


def test_reimporting_the_same_file_changes_nothing(world):
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT)
    run("agreements", content, commit=True)
    before = database_state(), list(Agreement.objects.values())

    report = run("agreements", content, commit=True)

    assert [row.outcome for row in report.rows] == ["unchanged"]
    assert (database_state(), list(Agreement.objects.values())) == before


def test_a_changed_row_reports_each_field_old_and_new(world):
    run("agreements", csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT), commit=True)
    edited = GOOD_AGREEMENT.replace("2032,38000000000", "2030,38500000000.50")
    edited = edited.replace("|amazon-web-services:provider", "")

    report = run("agreements", csv_file(AGREEMENT_HEADER, edited))

    (row,) = report.rows
    assert row.outcome == "changed"
    assert [str(change) for change in row.changes] == [
        "parties: “amazon-web-services:provider|openai:customer” → “openai:customer”",
        "expires: “2032” → “2030”",
        "value_amount: “38000000000” → “38500000000.5”",
    ]
    assert Agreement.objects.get().expires.display == "2032"  # a dry run


def test_a_removed_party_is_deleted_through_the_model_with_history(world):
    run("agreements", csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT), commit=True)
    edited = GOOD_AGREEMENT.replace("|amazon-web-services:provider", "")

    run("agreements", csv_file(AGREEMENT_HEADER, edited), commit=True)

    assert [party.company.slug for party in AgreementParty.objects.all()] == ["openai"]
    deleted = AgreementParty.history.get(history_type="-")
    assert deleted.history_change_reason == "import file.csv"


def test_one_rejected_row_means_nothing_is_written(world):
    before = database_state()
    bad = GOOD_AGREEMENT.replace("openai-aws,", "second,").replace("2032", "2031-02-30")
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT, bad)

    report = run("agreements", content, commit=True)

    assert [row.outcome for row in report.rows] == ["created", "rejected"]
    assert not report.committed
    assert database_state() == before


def test_the_history_records_the_file_and_the_editor(world, editor):
    run(
        "agreements",
        csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT),
        filename="deals.csv",
        commit=True,
        user=editor,
    )

    entry = Agreement.objects.get().history.get()
    assert (entry.history_type, entry.history_change_reason, entry.history_user) == (
        "+",
        "import deals.csv",
        editor,
    )
    assert {p.history_user for p in AgreementParty.history.all()} == {editor}


def test_an_empty_cell_clears_a_field_and_a_missing_column_keeps_it(world):
    world.website, world.description = "https://openai.com", "Maker of ChatGPT."
    world.save()

    report = run(
        "companies", csv_file("slug,name,website", "openai,OpenAI,"), commit=True
    )

    assert [str(change) for change in report.rows[0].changes] == [
        "website: “https://openai.com” → (empty)"
    ]
    world.refresh_from_db()
    assert (world.website, world.description) == ("", "Maker of ChatGPT.")


def test_a_csv_file_with_a_byte_order_mark_imports(world):
    content = codecs.BOM_UTF8 + csv_file("slug,name", "xai,xAI").encode()

    report = run("companies", content, commit=True)

    assert report.committed
    assert Company.objects.get(slug="xai").name == "xAI"


def test_the_sample_files_import_and_reimport_unchanged(world):
    files = [
        ("companies", "companies.csv"),
        ("agreements", "agreements.csv"),
        ("statements", "statements.json"),
    ]
    for record_type, name in files:
        report = run(record_type, (DATA / name).read_bytes(), name, commit=True)
        assert report.committed, report.lines()

    aws = Company.objects.get(slug="amazon-web-services")
    assert aws.parent.slug == "amazon"
    assert sorted(alias.name for alias in aws.aliases.all()) == [
        "AWS",
        "亞馬遜雲端服務",
    ]
    assert [kind.slug for kind in aws.kinds.all()] == ["cloud-provider"]
    assert aws.is_published and aws.citations.count() == 1
    reply = Statement.objects.get(slug="altman-reply")
    assert reply.in_reply_to.slug == "altman-compute-is-the-bottleneck"
    assert reply.said.display == "2025"
    assert reply.text_en_is_translation is False
    quote = Statement.objects.get(slug="altman-compute-is-the-bottleneck")
    assert quote.citations.get().source.slug == "openai-aws-announcement"
    assert quote.agreements.get().slug == "openai-aws-2025"

    for record_type, name in files:
        report = run(record_type, (DATA / name).read_bytes(), name)
        assert {row.outcome for row in report.rows} == {"unchanged"}


def test_a_json_file_imports_like_a_csv_file(world):
    content = json.dumps(
        [{"slug": "xai", "name": "xAI", "kinds": ["ai-lab"], "aliases": "X.AI"}]
    )

    report = run("companies", content, "companies.json", commit=True)

    assert report.committed
    xai = Company.objects.get(slug="xai")
    assert [kind.slug for kind in xai.kinds.all()] == ["ai-lab"]
    assert [alias.name for alias in xai.aliases.all()] == ["X.AI"]


def test_a_citation_in_the_row_lets_it_be_published(world):
    content = csv_file(
        "slug,name,publication_status,citation_source,citation_excerpt,"
        "citation_locator",
        "xai,xAI,published,openai-aws-announcement,xAI is a lab.,paragraph 4",
    )

    report = run("companies", content, commit=True)

    assert report.committed, report.lines()
    citation = Company.objects.get(slug="xai").citations.get()
    assert (citation.locator, citation.excerpt) == ("paragraph 4", "xAI is a lab.")


def test_a_parent_must_come_before_its_subsidiaries(world):
    before = database_state()
    content = csv_file(
        "slug,name,parent", "aws-china,AWS China,amazon", "amazon,Amazon,"
    )

    report = run("companies", content, commit=True)

    assert (
        "row 2, column parent: no company has the slug “amazon” yet: it is created "
        "by row 3, below; put that row first" in rejected(report)
    )
    assert database_state() == before


# -- malformed files: refused, naming row and column, nothing written ------------


def test_a_latin1_file_is_refused_naming_where_the_first_bad_byte_is(world):
    before = database_state()

    report = run("companies", (DATA / "companies-latin1.csv").read_bytes(), commit=True)

    assert refused(report) == (
        "The file is not UTF-8: the first byte that is not UTF-8 (0xE9) is at "
        "row 2, column name (line 2, character 22). Save the file as UTF-8 "
        "(in Excel: “CSV UTF-8”) and import it again."
    )
    assert database_state() == before


def test_a_gbk_file_is_refused_as_not_utf8(world):
    before = database_state()

    report = run("companies", (DATA / "companies-gbk.csv").read_bytes(), commit=True)

    assert "The file is not UTF-8" in refused(report)
    assert "row 2, column aliases" in refused(report)
    assert database_state() == before


def test_a_utf16_file_is_refused(world):
    before = database_state()
    content = codecs.BOM_UTF16_LE + "slug,name\nxai,xAI\n".encode("utf-16-le")

    report = run("companies", content, commit=True)

    assert "The file is UTF-16, not UTF-8" in refused(report)
    assert database_state() == before


def test_a_spreadsheet_is_refused_as_not_csv(world):
    before = database_state()

    report = run("companies", b"PK\x03\x04\x14\x00\x06\x00", "c.csv", commit=True)

    assert "This is a spreadsheet or zip file, not CSV or JSON" in refused(report)
    assert database_state() == before


def test_invalid_json_is_refused_naming_line_and_column(world):
    before = database_state()
    content = '[{"slug": "xai",\n  "name": "xAI" "kinds": []}]'

    report = run("companies", content, "companies.json", commit=True)

    assert refused(report) == (
        "The file is not valid JSON: Expecting ',' delimiter at line 2, column 17."
    )
    assert database_state() == before


def test_json_that_is_not_a_list_of_objects_is_refused(world):
    before = database_state()

    report = run("companies", '[{"slug": "xai", "name": "xAI"}, "openai"]', "c.json")

    assert refused(report) == (
        'row 2: is text; each row must be an object such as {"slug": "...", ...}.'
    )
    assert database_state() == before


def test_broken_csv_quoting_is_refused_naming_the_row(world):
    before = database_state()
    content = csv_file("slug,name", 'xai,"xAI"Corp', "openai,OpenAI")

    report = run("companies", content, commit=True)

    assert refused(report).startswith("row 2: the file is not valid CSV")
    assert database_state() == before


def test_an_empty_file_is_refused(world):
    before = database_state()

    report = run("companies", b"\n", commit=True)

    assert refused(report) == "The file is empty."
    assert database_state() == before


def test_missing_required_columns_are_named(world):
    before = database_state()
    content = csv_file("slug,title,parties", "openai-aws,OpenAI–AWS,openai:customer")

    report = run("agreements", content, commit=True)

    assert refused(report) == (
        "row 1 (the header): missing required column(s): kind, status."
    )
    assert database_state() == before


def test_unknown_columns_are_named_rather_than_ignored(world):
    before = database_state()
    content = csv_file("slug,name,webiste", "openai,OpenAI Inc.,https://openai.com")

    report = run("companies", content, commit=True)

    assert refused(report).startswith(
        "row 1 (the header): unknown column “webiste” (did you mean website?)"
    )
    assert database_state() == before


def test_unknown_keys_of_a_json_object_are_named_with_its_row(world):
    before = database_state()
    content = json.dumps(
        [{"slug": "openai", "name": "OpenAI"}, {"slug": "x", "nme": 1}]
    )

    report = run("companies", content, "companies.json", commit=True)

    assert refused(report).splitlines()[0] == (
        "row 2: missing required column(s): name."
    )
    assert "row 2: unknown column “nme” (did you mean name?)" in refused(report)
    assert database_state() == before


def test_a_row_with_more_cells_than_columns_is_refused(world):
    before = database_state()
    content = csv_file("slug,name", "openai,OpenAI Inc.", "xai,xAI,ai-lab")

    report = run("companies", content, commit=True)

    assert refused(report) == (
        "row 3: has 3 cells but the header names 2 columns (a missing or extra comma?)."
    )
    assert database_state() == before


def test_an_impossible_date_is_rejected(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("2032", "2030-13-01"))

    report = run("agreements", content, commit=True)

    assert (
        "row 2, column expires: “2030-13-01” is not a day of the calendar. Write "
        "2030 (a year)" in rejected(report)
    )
    assert database_state() == before


def test_a_date_that_is_not_a_date_is_rejected(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("2032", "tomorrowish"))

    report = run("agreements", content, commit=True)

    assert (
        "row 2, column expires: “tomorrowish” is not a date. Write 2030 (a year), "
        "2030-06 (a month) or 2030-06-15 (a day); also 2030年, 2030年6月 or "
        "2030年6月15日." in rejected(report)
    )
    assert database_state() == before


def test_an_unknown_party_is_rejected(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("openai:", "opneai:"))

    report = run("agreements", content, commit=True)

    assert "row 2, column parties: no company has the slug “opneai”" in rejected(report)
    assert database_state() == before


def test_a_party_role_that_does_not_exist_lists_the_roles(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace(":customer", ":buyer"))

    report = run("agreements", content, commit=True)

    assert (
        "row 2, column parties: “buyer” in “openai:buyer” is not a role: customer, "
        "provider, supplier, partner, investor, investee, licensor, licensee"
        in rejected(report)
    )
    assert database_state() == before


def test_an_unknown_speaker_or_source_is_rejected(world):
    before = database_state()
    content = json.dumps(
        [
            {
                "slug": "a-statement",
                "speaker": "satya-nadella",
                "text": "We have a deal.",
                "language": "en",
                "source": "a-podcast",
            }
        ]
    )

    report = run("statements", content, "statements.json", commit=True)

    assert rejected(report).splitlines()[1:] == [
        "    row 1, column speaker: no person has the slug “satya-nadella”",
        "    row 1, column source: no source has the slug “a-podcast”",
    ]
    assert database_state() == before


def test_duplicate_slugs_in_a_file_are_rejected(world):
    before = database_state()
    content = csv_file("slug,name", "xai,xAI", "mistral,Mistral", "xai,xAI Corp")

    report = run("companies", content, commit=True)

    assert "row 4, column slug: “xai” is already used by row 2" in rejected(report)
    assert database_state() == before


def test_a_bad_choice_lists_the_allowed_values(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("active", "signed"))

    report = run("agreements", content, commit=True)

    assert (
        "row 2, column status: “signed” is not one of: announced, active, ended, "
        "superseded" in rejected(report)
    )
    assert database_state() == before


def test_a_negative_amount_is_rejected_by_the_models_rule(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace(",38000", ",-38000"))

    report = run("agreements", content, commit=True)

    assert "row 2, column value_amount: The value cannot be negative." in rejected(
        report
    )
    assert database_state() == before


def test_an_amount_that_is_not_a_number_is_rejected(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("38000000000", "38bn"))

    report = run("agreements", content, commit=True)

    assert "row 2, column value_amount: “38bn” is not a number" in rejected(report)
    assert database_state() == before


def test_a_rule_across_fields_is_reported_on_its_column(world):
    before = database_state()
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace(",2032,", ",2024,"))

    report = run("agreements", content, commit=True)

    assert (
        "row 2, column expires: The expiry cannot be before the effective date."
        in rejected(report)
    )
    assert database_state() == before


def test_publishing_without_a_citation_is_rejected(world):
    before = database_state()
    content = csv_file("slug,name,publication_status", "xai,xAI,published")

    report = run("companies", content, commit=True)

    assert (
        "row 2, column publication_status: a record can't be published without a "
        "citation" in rejected(report)
    )
    assert database_state() == before


def test_a_name_another_company_has_is_rejected_by_the_unique_rule(world):
    before = database_state()
    content = csv_file("slug,name", "open-ai,OpenAI")

    report = run("companies", content, commit=True)

    assert "row 2, column name: Company with this Name already exists." in rejected(
        report
    )
    assert database_state() == before


def test_reimporting_an_unchanged_row_reads_and_writes_nothing_more(
    world, django_assert_num_queries
):
    content = csv_file("slug,name", "openai,OpenAI")

    # 6 queries: the import's savepoint, the row's savepoint, the company by
    # slug, releasing the row's savepoint, and rolling back and releasing the
    # import's savepoint (a dry run)
    with django_assert_num_queries(6):
        report = run("companies", content)
    assert [row.outcome for row in report.rows] == ["unchanged"]


# -- the command -----------------------------------------------------------------


def call(*args: str) -> str:
    out = StringIO()
    call_command("import_records", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_dry_run_report(world):
    before = database_state()

    output = call("agreements", str(DATA / "agreements.csv"))

    assert output.splitlines() == [
        "row 2    openai-aws-2025    created",
        "row 3    openai-aws-future  created",
        "2 rows: 2 created, 0 changed, 0 unchanged, 0 rejected.",
        "Dry run: nothing was written. Run again with --commit to apply.",
    ]
    assert database_state() == before


def test_the_command_commits_as_the_named_editor(world, editor):
    output = call("companies", str(DATA / "companies.csv"), "--commit", "--user=editor")

    assert "3 rows: 1 created, 2 changed, 0 unchanged, 0 rejected." in output
    assert "    parent: (empty) → “amazon”" in output
    assert "Imported: the changes are saved." in output
    entry = Company.objects.get(slug="amazon").history.get()
    assert (entry.history_user, entry.history_change_reason) == (
        editor,
        "import companies.csv",
    )


def test_the_command_fails_when_a_row_is_rejected(world, tmp_path):
    data = tmp_path / "agreements.csv"
    data.write_text(csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("2032", "2o32")))
    before = database_state()

    with pytest.raises(CommandError, match=r"1 row\(s\) rejected: nothing was written"):
        call("agreements", str(data), "--commit")
    assert database_state() == before


def test_the_command_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="FILE: no such file: .*missing.csv"):
        call("companies", str(tmp_path / "missing.csv"))


def test_the_command_names_an_unknown_user(world):
    with pytest.raises(CommandError, match="--user: no user is named 'nobody'"):
        call("companies", str(DATA / "companies.csv"), "--user", "nobody")


def test_the_command_needs_a_format_for_an_unknown_extension(db, tmp_path):
    data = tmp_path / "companies.txt"
    data.write_text("slug,name\nxai,xAI\n")

    with pytest.raises(CommandError, match="--format: cannot tell"):
        call("companies", str(data))
    assert "1 created" in call("companies", str(data), "--format", "csv")


def test_the_command_refuses_an_unknown_record_type(db):
    with pytest.raises(CommandError, match="argument record_type: invalid choice"):
        call("people", str(DATA / "companies.csv"))


def test_the_command_help_lists_every_column():
    help_text = Command().create_parser("manage.py", "import_records").format_help()

    assert "  * slug " in help_text
    assert "    parties " in help_text
    assert "    citation_excerpt " in help_text
    assert "statements:" in help_text


# -- the admin page --------------------------------------------------------------


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def preview(client, record_type: str, name: str, content: bytes):
    """Upload a file and follow to its job's page (the task has run: tests run
    tasks as they are queued)."""
    return client.post(
        "/admin/import/",
        {"record_type": record_type, "file": upload(name, content)},
        follow=True,
    )


def fingerprint_on(page) -> str:
    """What “Apply the import” on a report page confirms."""
    found = re.search(r'name="fingerprint" value="(\w+)"', page.content.decode())
    assert found, page.content.decode()
    return found[1]


def confirm(client, page, fingerprint: str | None = None):
    """Press “Apply the import” on a report page."""
    return client.post(
        page.request["PATH_INFO"],
        {"confirm": "1", "fingerprint": fingerprint or fingerprint_on(page)},
        follow=True,
    )


def test_an_editor_previews_then_confirms_an_import(world, editor_client, editor):
    page = editor_client.get("/admin/import/companies/")
    assert page.status_code == 200
    assert b"Check the file (dry run)" in page.content

    report = preview(
        editor_client,
        "companies",
        "companies.csv",
        (DATA / "companies.csv").read_bytes(),
    )

    assert report.status_code == 200
    assert b"Apply the import" in report.content
    assert "amazon-web-services" in report.content.decode()
    assert not Company.objects.filter(slug="amazon").exists()

    done = confirm(editor_client, report)

    text = done.content.decode()
    assert "Imported companies.csv: 3 rows: 1 created, 2 changed" in text
    assert 'href="/admin/partnerships/company/"' in text
    assert "Apply the import" not in text
    entry = Company.objects.get(slug="amazon").history.get()
    assert (entry.history_user, entry.history_change_reason) == (
        editor,
        "import companies.csv",
    )
    assert not ImportJob.objects.get().waiting


def test_a_preview_with_rejected_rows_cannot_be_confirmed(world, editor_client):
    content = csv_file(AGREEMENT_HEADER, GOOD_AGREEMENT.replace("active", "signed"))

    report = preview(editor_client, "agreements", "a.csv", content.encode())

    text = report.content.decode()
    assert "Row 2, column status: “signed” is not one of" in text
    assert "Apply the import" not in text
    assert not ImportJob.objects.get().waiting


def test_a_preview_is_not_applied_when_the_records_changed_since(world, editor_client):
    content = csv_file("slug,name", "openai,OpenAI Global")
    report = preview(editor_client, "companies", "c.csv", content.encode())
    openai = Company.objects.get(slug="openai")
    openai.name = "OpenAI Group"  # another editor saves meanwhile
    openai.save()

    again = confirm(editor_client, report)

    assert again.status_code == 200
    assert "The records changed since your preview" in again.content.decode()
    assert "<del>OpenAI Group</del> →\n" in again.content.decode()
    assert Company.objects.get(slug="openai").name == "OpenAI Group"
    assert "Apply the import" in again.content.decode()


def test_a_confirmation_of_another_report_is_refused(world, editor_client):
    content = csv_file("slug,name", "openai,OpenAI Global")
    report = preview(editor_client, "companies", "c.csv", content.encode())

    response = confirm(editor_client, report, fingerprint="made-up")

    assert "upload the file again" in response.content.decode()
    assert Company.objects.get(slug="openai").name == "OpenAI"


def test_a_report_applied_once_cannot_be_applied_again(world, editor_client):
    content = csv_file("slug,name", "xai,xAI")
    report = preview(editor_client, "companies", "c.csv", content.encode())
    fingerprint = fingerprint_on(report)
    confirm(editor_client, report, fingerprint)
    Company.objects.get(slug="xai").delete()

    again = confirm(editor_client, report, fingerprint)

    assert "upload the file again" in again.content.decode()
    assert not Company.objects.filter(slug="xai").exists()


def test_the_form_names_a_file_it_cannot_read(world, editor_client):
    response = editor_client.post(
        "/admin/import/",
        {"record_type": "companies", "file": upload("c.txt", b"slug,name\n")},
    )

    assert "Cannot tell whether “c.txt” is CSV or JSON" in response.content.decode()


def test_a_refused_file_is_shown_with_its_problem(world, editor_client):
    response = preview(
        editor_client,
        "companies",
        "c.csv",
        (DATA / "companies-latin1.csv").read_bytes(),
    )

    assert "The file is not UTF-8" in response.content.decode()
    assert "Apply the import" not in response.content.decode()


def test_staff_without_the_permissions_cannot_import(world, client):
    clerk = get_user_model().objects.create_user(username="clerk", is_staff=True)
    client.force_login(clerk)

    assert client.get("/admin/import/").status_code == 403
    assert client.get("/admin/import/companies/").status_code == 403


def test_an_unknown_record_type_is_404(world, editor_client):
    assert editor_client.get("/admin/import/people/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    response = client.get("/admin/import/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_changelists_link_to_the_import_page(editor_client):
    for model, record_type in (
        ("agreement", "agreements"),
        ("company", "companies"),
        ("statement", "statements"),
    ):
        page = editor_client.get(f"/admin/partnerships/{model}/")
        assert page.status_code == 200
        assert f'href="/admin/import/{record_type}/"' in page.content.decode()
    import_page = editor_client.get("/admin/import/agreements/")
    assert import_page.status_code == 200
    assert "Check the file (dry run)" in import_page.content.decode()
    person_page = editor_client.get("/admin/partnerships/person/")
    assert "/admin/import/" not in person_page.content.decode()
