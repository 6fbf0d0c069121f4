"""The tracker's records: companies, people, sources, agreements, the reports of
their terms, statements and citations, one module per aggregate; and the imports
the task worker runs for editors."""

# The small concepts fields are made of, as `partnerships.models` always offered.
from partnerships.models.agreements import (
    UNDATED_AGREEMENT,
    Agreement,
    AgreementKind,
    AgreementManager,
    AgreementParty,
    AgreementPartyManager,
    AgreementQuerySet,
    AgreementStatus,
    Exclusivity,
    PartyRole,
)
from partnerships.models.base import (
    CITATION_REQUIRED_MESSAGE,
    TERMS_UNSUPPORTED_MESSAGE,
    AuditBypassError,
    AuditedQuerySet,
    PublicationStatus,
    Publishable,
    SlugManager,
    clean_precise_date,
    not_before,
    precise_date,
    precise_date_constraints,
    precision_field,
)
from partnerships.models.citations import (
    AgreementCitation,
    Citation,
    CitationManager,
    CompanyCitation,
    PersonCitation,
    StatementCitation,
    citation_constraints,
)
from partnerships.models.commitments import (
    Commitment,
    CommitmentKind,
    CommitmentManager,
)
from partnerships.models.companies import (
    Company,
    CompanyAlias,
    CompanyAliasManager,
    CompanyKind,
    CompanyManager,
)
from partnerships.models.import_jobs import (
    ImportFormat,
    ImportJob,
    ImportJobStatus,
    ImportRecordType,
)
from partnerships.models.sources import (
    Source,
    SourceKind,
)
from partnerships.models.statements import (
    Person,
    Statement,
    StatementForm,
    Topic,
)
from partnerships.models.terms import (
    Term,
    TermReport,
    TermReportManager,
    TermRow,
)
from partnerships.qualified import DatePrecision, PreciseDate, Qualifier

__all__ = [
    "DatePrecision",
    "PreciseDate",
    "Qualifier",
    "TERMS_UNSUPPORTED_MESSAGE",
    "CITATION_REQUIRED_MESSAGE",
    "PublicationStatus",
    "AuditBypassError",
    "AuditedQuerySet",
    "SlugManager",
    "Publishable",
    "precise_date_constraints",
    "not_before",
    "precise_date",
    "clean_precise_date",
    "precision_field",
    "CompanyKind",
    "CompanyManager",
    "Company",
    "CompanyAliasManager",
    "CompanyAlias",
    "SourceKind",
    "Source",
    "Term",
    "TermRow",
    "TermReportManager",
    "TermReport",
    "AgreementKind",
    "Exclusivity",
    "AgreementStatus",
    "UNDATED_AGREEMENT",
    "AgreementQuerySet",
    "AgreementManager",
    "Agreement",
    "PartyRole",
    "AgreementPartyManager",
    "AgreementParty",
    "CommitmentKind",
    "CommitmentManager",
    "Commitment",
    "Topic",
    "Person",
    "StatementForm",
    "Statement",
    "CitationManager",
    "Citation",
    "citation_constraints",
    "CompanyCitation",
    "PersonCitation",
    "AgreementCitation",
    "StatementCitation",
    "ImportRecordType",
    "ImportFormat",
    "ImportJobStatus",
    "ImportJob",
]
