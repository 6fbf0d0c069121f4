"""Mails are a channel to readers: no draft, draft edit, internal note,
editor's reason or draft related record reaches one. (The leak crawler,
`tests/test_public_boundary_crawler.py`, mails its whole world's public history
and looks for every marker.)"""

import pytest

from alerts.models import Subscriber
from tests import factories
from tests.alerts_records import digest, everything_in, watch
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


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
