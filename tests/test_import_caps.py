"""A file over the caps (MAX_FILE_BYTES, each record type's max_rows) is refused
up front, naming the cap: by the admin's form on its file field, by the command
naming FILE, by the import itself, before the file's rows are read."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.imports import (
    IMPORTERS,
    MAX_FILE_BYTES,
    records_import,
    rows_problem,
)
from partnerships.management.commands.import_records import Command
from partnerships.models import Company, ImportJob

CAP = IMPORTERS["companies"].max_rows
OVER_THE_ROW_CAP = (
    f"The file has more than {CAP:,} rows: an import of companies takes at most "
    f"{CAP:,} rows. Split it into smaller files."
)
OVER_THE_SIZE_CAP = "The file is larger than 5 MB"


def companies(count: int, *, after: str = "") -> bytes:
    rows = "".join(f"co-{n},Company {n}\n" for n in range(count))
    return f"slug,name\n{rows}{after}".encode()


def too_large() -> bytes:
    return companies(1) + b" " * MAX_FILE_BYTES


def test_the_caps_are_5_mb_and_rows_per_record_type():
    assert MAX_FILE_BYTES == 5 * 1024 * 1024
    assert {name: importer.max_rows for name, importer in IMPORTERS.items()} == {
        "agreements": 1_000,
        "commitments": 2_500,
        "companies": 5_000,
        "statements": 2_500,
    }


def test_a_file_at_the_row_cap_passes_and_one_row_more_is_refused():
    assert rows_problem(companies(CAP), "csv", "companies") is None
    assert rows_problem(companies(CAP + 1), "csv", "companies") == OVER_THE_ROW_CAP


def test_blank_lines_are_not_rows():
    content = companies(CAP) + b"\n\n,\n"

    assert rows_problem(content, "csv", "companies") is None


def test_a_file_over_the_cap_is_refused_before_its_rows_are_read(db):
    # Past the cap the file is not even valid CSV: it is never read that far.
    content = companies(CAP + 1, after='bad,"unterminated\n')

    report = records_import(record_type="companies", content=content, filename="a.csv")

    assert report.refused == [OVER_THE_ROW_CAP]


def test_a_json_file_over_the_row_cap_is_refused():
    rows = [{"slug": f"co-{n}", "name": f"Company {n}"} for n in range(CAP + 1)]

    problem = rows_problem(json.dumps(rows).encode(), "json", "companies")

    assert problem == OVER_THE_ROW_CAP


def test_the_import_refuses_a_file_over_the_row_cap_and_writes_nothing(db):
    report = records_import(
        record_type="companies", content=companies(CAP + 1), filename="big.csv"
    )

    assert report.refused == [OVER_THE_ROW_CAP]
    assert report.lines() == [f"big.csv: {OVER_THE_ROW_CAP}"]
    assert not Company.objects.exists()


def test_the_import_refuses_a_file_over_the_size_cap(db):
    report = records_import(
        record_type="companies", content=too_large(), filename="big.csv"
    )

    assert report.refused[0].startswith(OVER_THE_SIZE_CAP)
    assert not Company.objects.exists()


# -- the command -----------------------------------------------------------------


def test_the_command_refuses_a_file_over_the_row_cap_naming_file(db, tmp_path):
    data = tmp_path / "big.csv"
    data.write_bytes(companies(CAP + 1))

    with pytest.raises(CommandError) as refused:
        call_command("import_records", "companies", str(data), "--commit")

    assert str(refused.value) == f"FILE: {OVER_THE_ROW_CAP}"
    assert not Company.objects.exists()


def test_the_command_refuses_a_file_over_the_size_cap_naming_file(db, tmp_path):
    data = tmp_path / "big.csv"
    data.write_bytes(too_large())

    with pytest.raises(CommandError, match=f"^FILE: {OVER_THE_SIZE_CAP}"):
        call_command("import_records", "companies", str(data), stdout=StringIO())


def test_the_command_help_states_the_caps():
    help_text = Command().create_parser("manage.py", "import_records").format_help()

    assert "over the caps (5 MB;" in help_text
    assert f"(at most {CAP:,} rows in one file)" in help_text


# -- the admin's form --------------------------------------------------------------


def upload(content: bytes) -> dict:
    file = SimpleUploadedFile("big.csv", content, content_type="text/csv")
    return {"record_type": "companies", "file": file}


def test_the_form_refuses_a_file_over_the_row_cap_on_its_file_field(editor_client):
    response = editor_client.post("/admin/import/", upload(companies(CAP + 1)))

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [OVER_THE_ROW_CAP]}
    assert not ImportJob.objects.exists()


def test_the_form_refuses_a_file_over_the_size_cap_on_its_file_field(editor_client):
    response = editor_client.post("/admin/import/", upload(too_large()))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert errors["file"][0].startswith(OVER_THE_SIZE_CAP)
    assert not ImportJob.objects.exists()


def test_the_form_states_the_caps(editor_client):
    page = editor_client.get("/admin/import/")

    assert (
        "at most 5 MB and 1,000 agreements, 2,500 commitments, 5,000 companies, "
        "2,500 statements"
    ) in page.content.decode()
