"""Cards other sites embed in an iframe: /embed/agreements/<slug>/ and
/embed/companies/<slug>/.

These are the only pages another site may frame: `framable` lets the sites in
`EMBED_FRAME_ANCESTORS` frame them (CSP frame-ancestors, "*" by default) and
drops X-Frame-Options for them; every other page keeps `frame-ancestors 'none'`
and X-Frame-Options: DENY. A card is self-contained (its styles inline, under
the response's nonce, no scripts) and its links open the tracker in the whole
window (target="_top"). Terms are shown as the record page shows them, their
certainty included.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from partnerships import site_address
from partnerships.models import Agreement, AgreementParty, Company, Term
from partnerships.views.public import public_parties, public_readings
from partnerships.visibility import PUBLIC

# The terms a card shows, in this order, when the source reports them.
CARD_TERMS = (Term.STATUS, Term.VALUE, Term.EFFECTIVE, Term.EXPIRES, Term.EXCLUSIVITY)
# The agreements a company's card lists (the latest announced), so that the
# card fits the snippet's 420×320 frame: the rest are one link away.
CARD_AGREEMENTS = 3


def framable(view: Callable) -> Callable:
    """Let the sites in EMBED_FRAME_ANCESTORS frame the view's pages."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response._csp_config = {
            **settings.SECURE_CSP,
            "frame-ancestors": settings.EMBED_FRAME_ANCESTORS,
        }
        return response

    return xframe_options_exempt(wrapped)


def _absolute(request: HttpRequest, record) -> str:
    return site_address.absolute(record.get_absolute_url(), request)


@require_safe
@framable
def agreement_card(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(
        PUBLIC.records(Agreement).prefetch_related(public_parties(), public_readings()),
        slug=slug,
    )
    terms = [
        (Term(term).label, agreement.term_shown(term))
        for term in CARD_TERMS
        if agreement.term_phrase(term)
    ]
    return render(
        request,
        "following/embed_agreement.html",
        {
            "agreement": agreement,
            "terms": terms,
            "link": _absolute(request, agreement),
            "home": site_address.absolute("/", request),
        },
    )


@require_safe
@framable
def company_card(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(PUBLIC.records(Company), slug=slug)
    parties = (
        PUBLIC.links(AgreementParty)
        .filter(company=company)
        .prefetch_related(
            Prefetch(
                "agreement",
                PUBLIC.records(Agreement).prefetch_related(public_readings()),
            )
        )
        .order_by(F("agreement__announced_on").desc(nulls_last=True), "agreement")
    )
    count = parties.count()
    shown = [
        {
            "agreement": party.agreement,
            "role": party.get_role_display(),
            "status": party.agreement.term_shown(Term.STATUS),
            "link": _absolute(request, party.agreement),
        }
        for party in parties[:CARD_AGREEMENTS]
    ]
    return render(
        request,
        "following/embed_company.html",
        {
            "company": company,
            "parties": shown,
            "count": count,
            "more": count - len(shown),
            "link": _absolute(request, company),
            "home": site_address.absolute("/", request),
        },
    )
