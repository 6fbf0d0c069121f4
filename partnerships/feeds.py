"""An Atom feed of the records most recently published or updated."""

from itertools import chain

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from partnerships import site_address
from partnerships.models import (
    Agreement,
    Company,
    Person,
    Source,
    Statement,
    Term,
    TermReport,
)
from partnerships.templatetags.browse import record_name, statement_summary
from partnerships.visibility import PUBLIC

FEED_SIZE = 30


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose summaries are text, as its titles already are (RFC 4287,
    3.1.1): Django marks them HTML, and a reader would then render an editor's
    `<b>` or `<script>` as markup instead of showing what was typed."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestRecordsFeed(Feed):
    feed_type = PlainTextAtom1Feed
    title = "Partnership tracker: latest records"

    def link(self) -> str:
        return site_address.on_site(reverse("partnerships:home"))

    def item_link(self, item) -> str:
        return site_address.on_site(item.get_absolute_url())

    def feed_url(self) -> str:
        return site_address.on_site(reverse("partnerships:feed"))

    subtitle = (
        "Agreements, statements, companies, people and sources as they are "
        "published or updated."
    )

    def items(self) -> list:
        """The newest of each kind, merged: one query per kind, drafts left out."""
        kinds = [
            PUBLIC.records(Agreement).prefetch_related(
                Prefetch(
                    "term_reports",
                    PUBLIC.links(TermReport).filter(is_current=True),
                    to_attr="current_reports",
                )
            ),
            PUBLIC.records(Statement).select_related("speaker"),
            PUBLIC.records(Company),
            PUBLIC.records(Person),
            PUBLIC.records(Source),
        ]
        newest = chain.from_iterable(
            queryset.order_by("-updated_at")[:FEED_SIZE] for queryset in kinds
        )
        return sorted(newest, key=lambda record: record.updated_at, reverse=True)[
            :FEED_SIZE
        ]

    def item_title(self, item) -> str:
        """ "Statement: Altman: stateless APIs on Azure …": a statement by its
        headline (`Statement.title`)."""
        return f"{item._meta.verbose_name.capitalize()}: {record_name(item)}"

    def item_description(self, item) -> str:
        if isinstance(item, Agreement):
            terms = [
                f"{Term(term).label}: {item.term_shown(term)}"
                for term in (Term.STATUS, Term.VALUE, Term.EXPIRES)
                if item.term_phrase(term)
            ]
            return " ".join([item.summary or item.get_kind_display(), *terms])
        if isinstance(item, Statement):
            return statement_summary(item)
        return getattr(item, "description", "") or str(item)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item) -> str:
        return f"{item._meta.model_name}:{item.slug}"

    item_guid_is_permalink = False
