"""A world for the leak crawler: published records and, around them, a draft of
every publishable model in every relation, each free-text field holding a
marker of its own that no reader may ever be shown."""

import datetime
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from merges.services import company_merge
from partnerships.models import (
    AgreementStatus,
    CompanyAlias,
    CompanyCitation,
    PersonCitation,
    PublicationStatus,
    StatementCitation,
    Topic,
)
from tests import factories

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED


@dataclass
class BoundaryWorld:
    markers: dict[str, str] = field(default_factory=dict)  # marker -> where it is
    draft_slugs: list[str] = field(default_factory=list)
    instants: dict[str, str] = field(default_factory=dict)  # as_of values
    published: dict[str, list[str]] = field(default_factory=dict)  # type -> slugs
    # Old addresses of merged records: a redirect must not lead to a draft.
    merged_addresses: list[str] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def mark(self, where: str) -> str:
        """A new marker: letters and digits, so it also makes a valid slug."""
        marker = f"lk{next(self._numbers):03d}q"
        self.markers[marker] = where
        return marker

    def url(self, where: str) -> str:
        return f"https://example.org/{self.mark(where)}"

    def slug(self, where: str) -> str:
        slug = self.mark(f"{where} slug")
        self.draft_slugs.append(slug)
        return slug

    def now(self, name: str) -> None:
        self.instants[name] = timezone.now().isoformat()

    def publish(self, kind: str, record) -> None:
        self.published.setdefault(kind, []).append(record.slug)


def build_boundary_world() -> BoundaryWorld:
    world = BoundaryWorld()
    world.now("before anything")
    mark = world.mark

    # -- published records --------------------------------------------------------
    source = factories.SourceFactory(title="Public source", slug="public-source")
    lab = factories.CompanyFactory(name="Public Lab", slug="public-lab")
    cloud = factories.CompanyFactory(name="Public Cloud", slug="public-cloud")
    chief = factories.PersonFactory(name="Public Chief", slug="chief", affiliation=lab)
    deal = factories.AgreementFactory(title="Public deal", slug="public-deal")
    factories.AgreementPartyFactory(agreement=deal, company=lab, role="customer")
    factories.AgreementPartyFactory(agreement=deal, company=cloud, role="provider")
    public_citation = factories.AgreementCitationFactory(
        record=deal, source=source, excerpt="public"
    )
    factories.TermReportFactory(
        citation=public_citation,
        term="status",
        says="public report",
        is_current=False,
    )
    for company in (lab, cloud):
        CompanyCitation.objects.create(record=company, source=source, excerpt="p")
    PersonCitation.objects.create(record=chief, source=source, excerpt="p")
    said = factories.StatementFactory(
        slug="public-statement", speaker=chief, source=source, text="公開", text_en=""
    )
    topic = Topic.objects.create(slug="compute", name="Compute")
    said.topics.add(topic)
    StatementCitation.objects.create(record=said, source=source, excerpt="p")

    # -- a draft of every publishable model ------------------------------------------
    draft_company = factories.CompanyFactory(
        name=mark("draft company name"),
        slug=world.slug("draft company"),
        description=mark("draft company description"),
        website=world.url("draft company website"),
        internal_note=mark("draft company internal note"),
        publication_status=DRAFT,
    )
    CompanyAlias.objects.create(
        company=draft_company, name=mark("alias of a draft company"), language="en"
    )
    CompanyCitation.objects.create(
        record=draft_company,
        source=source,
        excerpt=mark("citation excerpt of a draft company"),
    )
    draft_source = factories.SourceFactory(
        title=mark("draft source title"),
        slug=world.slug("draft source"),
        publisher=mark("draft source publisher"),
        author=mark("draft source author"),
        url=world.url("draft source url"),
        description=mark("draft source description"),
        internal_note=mark("draft source internal note"),
        publication_status=DRAFT,
    )
    draft_person = factories.PersonFactory(
        name=mark("draft person name"),
        slug=world.slug("draft person"),
        role=mark("draft person role"),
        description=mark("draft person description"),
        internal_note=mark("draft person internal note"),
        affiliation=lab,
        publication_status=DRAFT,
    )
    draft_deal = factories.AgreementFactory(
        title=mark("draft agreement title"),
        slug=world.slug("draft agreement"),
        summary=mark("draft agreement summary"),
        exclusivity_scope=mark("draft agreement exclusivity scope"),
        rights=mark("draft agreement rights"),
        value_amount=5,
        value_currency="USD",
        value_qualifier="about",
        value_as_reported=mark("draft agreement value as reported"),
        internal_note=mark("draft agreement internal note"),
        publication_status=DRAFT,
    )
    factories.AgreementPartyFactory(
        agreement=draft_deal, company=lab, note=mark("party note of a draft deal")
    )
    factories.AgreementPartyFactory(
        agreement=draft_deal, company=cloud, role="provider"
    )
    factories.CommitmentFactory(
        agreement=draft_deal,
        resource=mark("commitment of a draft deal"),
        as_reported=mark("commitment as reported of a draft deal"),
        note=mark("commitment note of a draft deal"),
    )
    factories.AgreementCitationFactory(
        record=draft_deal, source=source, excerpt=mark("excerpt of a draft deal")
    )
    draft_question = factories.StatementFactory(
        slug=world.slug("draft statement"),
        speaker=chief,
        source=source,
        text=mark("draft statement text"),
        text_en=mark("draft statement english"),
        occasion=mark("draft statement occasion"),
        internal_note=mark("draft statement internal note"),
        publication_status=DRAFT,
    )

    # -- drafts related to published records ---------------------------------------
    factories.AgreementPartyFactory(
        agreement=deal,
        company=draft_company,
        role="partner",
        note=mark("note of a draft party of a published deal"),
    )
    from_draft_source = factories.AgreementCitationFactory(
        record=deal,
        source=draft_source,
        locator=mark("locator of a draft source's citation"),
        excerpt=mark("excerpt of a draft source cited by a published deal"),
        note=mark("note of a draft source's citation"),
    )
    factories.TermReportFactory(
        citation=from_draft_source,
        term="status",
        says=mark("report of a term by a draft source"),
        reading_note=mark("reading note of a report by a draft source"),
    )
    for record, model in ((lab, CompanyCitation), (chief, PersonCitation)):
        model.objects.create(
            record=record,
            source=draft_source,
            excerpt=mark(f"excerpt of a draft source citing {record}"),
        )
    StatementCitation.objects.create(
        record=said,
        source=draft_source,
        excerpt=mark("excerpt of a draft source citing a statement"),
    )
    owned = factories.CompanyFactory(
        name="Owned by a draft", slug="owned", parent=draft_company
    )
    CompanyCitation.objects.create(record=owned, source=source, excerpt="p")
    factories.PersonFactory(
        name="Works at a draft", slug="works-at-draft", affiliation=draft_company
    )
    factories.StatementFactory(
        slug=world.slug("published statement of a draft speaker"),
        speaker=draft_person,
        source=source,
        text=mark("text of a draft speaker"),
        text_en=mark("english of a draft speaker"),
        occasion=mark("occasion of a draft speaker"),
    )
    said.companies.add(draft_company, lab)
    said.agreements.add(draft_deal, deal)
    said.in_reply_to = draft_question
    said.save()
    factories.StatementFactory(
        slug="from-a-draft-source", speaker=chief, source=draft_source, text="出處"
    )
    factories.SourceFactory(
        title="Reported in a draft", slug="reported-in-draft", reported_in=draft_source
    )
    replaced = factories.AgreementFactory(
        title="Replaced by a draft",
        slug="replaced",
        status=AgreementStatus.SUPERSEDED,
        superseded_by=draft_deal,
    )
    factories.AgreementCitationFactory(record=replaced, source=source, excerpt="p")
    for record in (deal, lab, chief, said, source):
        record.internal_note = mark(f"internal note of published {record}")
        record._change_reason = mark(f"change reason on {record}")
        record.save()
    world.now("all published")

    # -- published -> edited -> withdrawn -> edited with parts -> republished -----
    lifecycle = factories.AgreementFactory(
        title="Lifecycle deal", slug="lifecycle", summary="First public summary"
    )
    factories.AgreementPartyFactory(agreement=lifecycle, company=lab)
    factories.AgreementCitationFactory(record=lifecycle, source=source, excerpt="p")
    lifecycle.summary = "Corrected public summary"
    lifecycle._change_reason = mark("lifecycle: reason of a public correction")
    lifecycle.save()
    lifecycle.publication_status = DRAFT
    lifecycle.summary = mark("lifecycle: summary only a draft had")
    lifecycle._change_reason = mark("lifecycle: reason of withdrawing")
    lifecycle.save()
    party = factories.AgreementPartyFactory(
        agreement=lifecycle,
        company=cloud,
        role="provider",
        note=mark("lifecycle: note of a party added and removed while a draft"),
    )
    commitment = factories.CommitmentFactory(
        agreement=lifecycle,
        resource=mark("lifecycle: commitment added and removed in draft"),
    )
    citation = factories.AgreementCitationFactory(
        record=lifecycle,
        source=source,
        excerpt=mark("lifecycle: excerpt removed in draft"),
    )
    factories.TermReportFactory(
        citation=citation,
        term="status",
        says=mark("lifecycle: report removed in draft"),
        is_current=False,
    )
    world.now("while a draft")
    for part in (party, commitment, citation):
        part.delete()
    factories.CommitmentFactory(agreement=lifecycle, resource="Kept GPUs")
    lifecycle.summary = "Republished summary"
    lifecycle.publication_status = PUBLISHED
    lifecycle._change_reason = mark("lifecycle: reason of republishing")
    lifecycle.save()
    world.now("now")
    world.instants["a day ago"] = (
        timezone.now() - datetime.timedelta(days=1)
    ).isoformat()

    # -- merged records ---------------------------------------------------------------
    # A draft merged into a published company: its name is not made an alias,
    # and its old addresses are 404 as if it never existed (not a draft slug:
    # editors are redirected, not shown it; the crawler requests it by name).
    merged_draft = factories.CompanyFactory(
        name=mark("merged draft company name"),
        slug="merged-draft",
        description=mark("merged draft company description"),
        publication_status=DRAFT,
    )
    company_merge(source=merged_draft, into=cloud)
    # A published company merged into a draft: the redirect would name the draft.
    draft_survivor = factories.CompanyFactory(
        name=mark("draft survivor of a merge name"),
        slug=mark("draft survivor of a merge slug"),
        publication_status=DRAFT,
    )
    merged_public = factories.CompanyFactory(name="Merged away", slug="merged-away")
    company_merge(source=merged_public, into=draft_survivor)
    for slug in (merged_draft.slug, merged_public.slug):
        world.merged_addresses += [
            f"/companies/{slug}/",
            f"/companies/{slug}/feed/",
            f"/companies/{slug}/calendar.ics",
            f"/api/v1/companies/{slug}/",
            f"/api/v1/companies/{slug}/history/",
        ]

    for kind, records in {
        "agreements": [deal, replaced, lifecycle],
        "companies": [lab, cloud, owned],
        "people": [chief],
        "statements": [said],
        "sources": [source],
    }.items():
        for record in records:
            world.publish(kind, record)
    return world
