"""Atom feeds of one record's public history: a company (its agreements and
statements, its group's included), a person, an agreement, a topic.

Each entry says what readers saw change, in words (`following.changes`), and
comes from the record's public history (`partnerships.history`, read by
PUBLIC): drafts, internal notes, editors' names and reasons never appear. Like
the site's feed (`partnerships.feeds`), entries are plain text. A feed reads a
fixed number of queries whatever the number of records it follows, and keeps
the latest `FEED_SIZE` entries.
"""

import itertools

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from following.changes import Change, record_changes
from partnerships import groups, site_address
from partnerships.feeds import PlainTextAtom1Feed
from partnerships.history import History, latest_versions
from partnerships.models import Agreement, Company, Person, Statement, Topic
from partnerships.visibility import PUBLIC

FEED_SIZE = 50


def changes_of(*followed: QuerySet) -> list[Change]:
    """The latest `FEED_SIZE` worded public changes of the `followed` records
    (querysets of the records the public sees), newest first.

    A company with 15,000 agreements follows too many to read every history
    (the feed took minutes): the records are read in the order of their last
    saved version, a batch of `FEED_SIZE` at a time, until no record left can
    hold a change newer than the oldest of the latest `FEED_SIZE` found (a
    change is a version, never later than its record's last)."""
    latest = [
        (at, records, pk)
        for records in followed
        for pk, at in latest_versions(records.model, records).items()
    ]
    latest.sort(key=lambda row: row[0], reverse=True)
    found: list[Change] = []
    for batch in itertools.batched(latest, FEED_SIZE):
        if len(found) >= FEED_SIZE and found[FEED_SIZE - 1].at >= batch[0][0]:
            break
        by_kind: dict[int, tuple[QuerySet, list]] = {}
        for _, records, pk in batch:
            by_kind.setdefault(id(records), (records, []))[1].append(pk)
        for records, pks in by_kind.values():
            chosen = records.filter(pk__in=pks).order_by("pk").distinct()
            if records.model is Statement:
                chosen = chosen.select_related("speaker")
            chosen = list(chosen)
            histories = History.of_records(chosen, PUBLIC)
            for record in chosen:
                found += record_changes(record, histories[record.pk])
        found.sort(key=lambda change: change.at, reverse=True)
        found = found[:FEED_SIZE]
    return found


class RecordFeed(Feed):
    """A feed of one published record, found by its slug."""

    feed_type = PlainTextAtom1Feed
    model: type
    url_name: str

    def get_object(self, request, slug: str):
        return get_object_or_404(PUBLIC.records(self.model), slug=slug)

    def title(self, obj) -> str:
        return f"Partnership tracker: {obj}"

    def subtitle(self, obj) -> str:
        return f"What changed on {obj}, as readers saw it."

    def link(self, obj) -> str:
        return site_address.on_site(obj.get_absolute_url())

    def feed_url(self, obj) -> str:
        return site_address.on_site(reverse(self.url_name, kwargs={"slug": obj.slug}))

    def item_title(self, item: Change) -> str:
        return item.title

    def item_description(self, item: Change) -> str:
        return item.text

    def item_link(self, item: Change) -> str:
        return site_address.on_site(item.record.get_absolute_url())

    def item_guid(self, item: Change) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change):
        return item.at

    def item_updateddate(self, item: Change):
        return item.at


class AgreementFeed(RecordFeed):
    """An agreement's changes and the statements about it."""

    model = Agreement
    url_name = "following:agreement-feed"

    def items(self, obj) -> list[Change]:
        return changes_of(
            PUBLIC.records(Agreement).filter(pk=obj.pk),
            PUBLIC.records(Statement).filter(agreements=obj),
        )


class CompanyFeed(RecordFeed):
    """A company's changes, its group's agreements, and the statements by its
    group's people or about its group."""

    model = Company
    url_name = "following:company-feed"

    def items(self, obj) -> list[Change]:
        parties = groups.group_parties(PUBLIC, obj).values("agreement")
        agreements = PUBLIC.records(Agreement).filter(pk__in=parties)
        # Each set of companies, people and statements as the UNION ALL of
        # subqueries, never ORed: PostgreSQL then took the company's group for
        # half of all companies and read every statement, and SQLite joined
        # each to its speaker and companies.
        itself = Company.objects.filter(pk=obj.pk).values("pk")
        owned = Company.objects.filter(groups.in_group(PUBLIC, obj, "parent"))
        in_group = PUBLIC.records(Company).filter(
            pk__in=itself.union(owned.values("pk"), all=True)
        )
        speakers = Person.objects.filter(affiliation__in=in_group)
        by_them = Statement.objects.filter(speaker__in=speakers).values("pk")
        about = Statement.companies.through.objects.filter(company__in=in_group)
        statements = PUBLIC.records(Statement).filter(
            pk__in=by_them.union(about.values("statement"), all=True)
        )
        return changes_of(
            PUBLIC.records(Company).filter(pk=obj.pk), agreements, statements
        )


class PersonFeed(RecordFeed):
    """A person's changes and their statements."""

    model = Person
    url_name = "following:person-feed"

    def items(self, obj) -> list[Change]:
        return changes_of(
            PUBLIC.records(Person).filter(pk=obj.pk),
            PUBLIC.records(Statement).filter(speaker=obj),
        )


class TopicFeed(RecordFeed):
    """The statements on a topic (a topic has no page: its link is the
    statements filtered by it)."""

    model = Topic
    url_name = "following:topic-feed"

    def title(self, obj) -> str:
        return f"Partnership tracker: statements on {obj}"

    def subtitle(self, obj) -> str:
        return f"Statements on {obj} and what changed on them, as readers saw it."

    def link(self, obj) -> str:
        return site_address.on_site(
            f"{reverse('partnerships:statement-list')}?topic={obj.slug}"
        )

    def items(self, obj) -> list[Change]:
        return changes_of(PUBLIC.records(Statement).filter(topics=obj))
