"""Mails are a channel to readers: no draft, draft edit, internal note,
editor's reason or draft related record reaches one. The leak crawler's world
(`tests/boundary_world.py`), every published company, agreement and person of
it watched, its whole public history mailed: no marker in any mail."""

import pytest
from django.core import mail

from alerts.models import Subscriber, Watch
from partnerships.models import Agreement, Company, Person
from tests import factories
from tests.alerts_records import digest, everything_in, watch
from tests.boundary_world import build_boundary_world
from tests.following_records import reported_deal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generous_rate_limits")]

MODELS = {"companies": Company, "agreements": Agreement, "people": Person}


def test_no_marker_reaches_any_mail(client):
    world = build_boundary_world()
    watched = [
        MODELS[kind].objects.get(slug=slug)
        for kind, slugs in world.published.items()
        if kind in MODELS
        for slug in slugs
    ]
    for record in watched:
        watch(client, record)
    # As if confirmed before anything happened: the whole public history is new.
    Watch.objects.update(seen=[])

    sent = digest()

    assert len(sent) == 1
    text = "\n".join(everything_in(message) for message in mail.outbox).lower()
    for record in watched:
        assert f"== {str(record).lower()} (" in text, record
    assert "lifecycle deal: published again" in text
    found = [marker for marker in world.markers if marker in text]
    assert not found, [world.markers[marker] for marker in found]


def test_a_draft_edit_is_mailed_only_as_readers_saw_it(client):
    deal = reported_deal(summary="First public summary")
    watch(client, deal)
    deal.publication_status = "draft"
    deal.summary = "zz-draft-summary"
    deal.internal_note = "zz-internal-note"
    deal._change_reason = "zz-change-reason"
    deal.save()
    added = factories.CommitmentFactory(agreement=deal, resource="zz-draft-commitment")
    added.delete()
    assert digest() == []  # withdrawn: readers see nothing of it now

    deal.summary = "Republished summary"
    deal.publication_status = "published"
    deal.save()
    Subscriber.objects.update(last_digest_at=None)  # the next day
    (sent,) = digest()

    assert "zz-" not in everything_in(sent)
    assert "Summary changed from “First public summary” to “Republished summary”" in (
        sent.body
    )


def test_a_draft_agreement_of_a_watched_company_is_not_mailed(client):
    reported_deal()
    microsoft = factories.CompanyFactory(slug="microsoft")
    watch(client, microsoft)
    secret = factories.AgreementFactory(
        title="zz-secret-deal", slug="zz-secret", publication_status="draft"
    )
    factories.AgreementPartyFactory(agreement=secret, company=microsoft)

    assert digest() == []
