"""The pages of alerts: asking to watch a record (the form on its page),
confirming by the mailed link, unsubscribing by the mailed link.

None shows an address, and each answers the same whatever is on file for it:
asking to watch gives the same page whether the address is new, waiting for
confirmation, already watching, over its mail limit or a bot's (honeypot).

These views take no CSRF token: no session or account is involved, so a
forged request can do nothing its sender could not do directly, and mail
clients post one-click unsubscribes without one (RFC 8058). Record pages,
which carry the form, so stay free of per-visitor tokens.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import services, tokens
from alerts.forms import WatchForm
from alerts.models import Frequency, Watch
from alerts.tasks import send_confirmation
from partnerships import limits
from partnerships.visibility import PUBLIC


@csrf_exempt
@require_POST
def watch(request: HttpRequest) -> HttpResponse:
    refusal = limits.check(request, ["alerts"])
    if refusal:
        response = TemplateResponse(
            request,
            "alerts/too_many_requests.html",
            {"problem": refusal.message, "title": "Too many requests"},
            status=429,
        )
        response["Retry-After"] = str(refusal.wait)
        return response
    form = WatchForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "alerts/watch.html",
            {"form": form, "title": "Alerts could not be set up"},
            status=400,
        )
    data = form.cleaned_data
    if not data["website"]:
        found = services.watch_request(
            email=data["email"], record=data["record"], frequency=data["frequency"]
        )
        if found is not None and _address_may_get_mail(data["email"]):
            send_confirmation.enqueue(found.pk)
    return TemplateResponse(
        request,
        "alerts/watch_sent.html",
        {"record": data["record"], "title": "Check your inbox", "days": _days()},
    )


def _address_may_get_mail(email: str) -> bool:
    """At most RATE_LIMITS["alerts_address"] confirmation mails to one address:
    no one can flood a stranger's inbox from many clients. Counted by a hash,
    so the cache holds no address."""
    digest = hashlib.sha256(email.lower().encode()).hexdigest()
    return limits.count_for(f"address-hash:{digest}", "alerts_address") is None


def _days() -> int:
    return tokens.CONFIRM_MAX_AGE.days


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: a mail scanner opening the link
    confirms nothing."""
    key = tokens.confirm_key(token)
    found = (
        Watch.objects.select_related("company", "agreement", "person")
        .filter(key=key)
        .first()
        if key
        else None
    )
    if found is None or not PUBLIC.sees(found.record):
        return TemplateResponse(
            request,
            "alerts/link_invalid.html",
            {"title": "This link does not work", "days": _days()},
            status=404,
        )
    context = {
        "record": found.record,
        "frequency": Frequency(found.frequency).label,
        "title": "Confirm your alerts",
    }
    if request.method == "POST":
        services.watch_confirm(watch=found)
        context["title"] = "Alerts confirmed"
        return TemplateResponse(request, "alerts/confirmed.html", context)
    return TemplateResponse(request, "alerts/confirm.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail client's one-click
    `List-Unsubscribe=One-Click`) stops every alert to the address. The answer
    is the same whether or not the address was still on file."""
    key = tokens.unsubscribe_key(token)
    if key is None:
        return TemplateResponse(
            request,
            "alerts/link_invalid.html",
            {"title": "This link does not work", "days": _days()},
            status=404,
        )
    if request.method == "POST":
        services.subscriber_unsubscribe(key=key)
        return TemplateResponse(
            request, "alerts/unsubscribed.html", {"title": "Unsubscribed"}
        )
    return TemplateResponse(
        request, "alerts/unsubscribe.html", {"title": "Stop all alerts"}
    )
