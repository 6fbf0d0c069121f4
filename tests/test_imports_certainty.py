"""Imported agreements say how sure their terms are: the basis and modality
columns make the row's citation the current report of each term it states."""

import pytest

from partnerships.models import Agreement, Term, TermReport
from tests.test_imports import csv_file, rejected, run, world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

HEADER = (
    "slug,title,kind,status,parties,expires,value_amount,value_currency,"
    "value_qualifier,value_as_reported,publication_status,citation_source,"
    "citation_excerpt,citation_locator"
)
ROW = (
    "openai-nvidia,OpenAI–NVIDIA,strategic_partnership,announced,"
    "openai:customer,2030,100000000000,USD,over,可能超過1000億美元,published,"
    "openai-aws-announcement,整個項目的投資金額可能超過1000億美元,paragraph 29"
)


def certainties(slug: str) -> dict:
    agreement = Agreement.objects.get(slug=slug)
    return {
        term: (reading.basis, reading.modality)
        for (term, _), reading in agreement.readings.items()
    }


def test_basis_and_modality_make_the_citation_the_report_of_each_term():
    content = csv_file(
        f"{HEADER},basis,modality,value_basis,value_modality",
        f"{ROW},reported,fact,unnamed_sources,possible",
    )

    report = run("agreements", content, commit=True)

    assert report.committed, report.lines()
    assert certainties("openai-nvidia") == {
        Term.STATUS: ("reported", "fact"),
        Term.EXPIRES: ("reported", "fact"),
        Term.VALUE: ("unnamed_sources", "possible"),
    }
    value = TermReport.objects.get(term=Term.VALUE)
    assert value.says == "可能超過1000億美元"
    assert Agreement.objects.get().value_shown == (
        "may exceed USD 100 billion (reported, unnamed sources)"
    )
    again = run("agreements", content, commit=True)
    assert again.counts["unchanged"] == 1, again.lines()


def test_a_file_without_certainty_columns_is_refused_for_a_published_row():
    report = run("agreements", csv_file(HEADER, ROW))

    text = rejected(report)
    assert "column basis: a published agreement says how sure each term is" in text
    assert "(value, status, runs through)" in text


def test_a_draft_row_without_certainty_imports_as_before():
    draft = ROW.replace(",published,", ",draft,")

    report = run("agreements", csv_file(HEADER, draft), commit=True)

    assert report.committed, report.lines()
    assert TermReport.objects.count() == 0


def test_a_later_file_with_a_new_value_keeps_the_earlier_report():
    first = csv_file(f"{HEADER},basis,modality", f"{ROW},unnamed_sources,possible")
    run("agreements", first, commit=True)
    confirmed = ROW.replace(",over,可能超過1000億美元,", ",exact,1000億美元,")
    later = csv_file(f"{HEADER},basis,modality", f"{confirmed},announced,fact")

    dry = run("agreements", later)
    assert (
        "certainty of value: “possible; reported, unnamed sources” → “announced”"
    ) in "\n".join(dry.lines())
    run("agreements", later, commit=True)

    reports = TermReport.objects.filter(term=Term.VALUE).order_by("pk")
    assert [(r.says, r.is_current) for r in reports] == [
        ("可能超過1000億美元", False),
        ("1000億美元", True),
    ]


def test_an_unknown_basis_is_refused_naming_the_column():
    content = csv_file(f"{HEADER},basis,modality", f"{ROW},rumour,fact")

    assert "column basis: “rumour” is not one of" in rejected(
        run("agreements", content)
    )
