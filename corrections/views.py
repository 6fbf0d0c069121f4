"""Readers' corrections: the form's target and the thank-you page.

A public channel. Only a record a reader sees can be corrected: a draft's slug
answers exactly as a slug that names nothing (the 404 page), after the request
is counted against the client's limit, so that neither answer nor limit tells
the two apart.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from corrections.forms import CorrectionForm
from corrections.services import correction_create
from partnerships import limits
from partnerships.browse import too_many_requests
from partnerships.models import Agreement, Company, Person, Source, Statement
from partnerships.visibility import PUBLIC

MODELS = {
    "agreements": Agreement,
    "companies": Company,
    "statements": Statement,
    "people": Person,
    "sources": Source,
}


# No session, no account: a forged cross-site post can do no more than anyone
# may do directly, and the record pages stay free of per-visitor tokens.
@csrf_exempt
@require_POST
def correction_new(request: HttpRequest) -> HttpResponse:
    refusal = limits.check(request, ["correction"])
    if refusal:
        return too_many_requests(request, refusal)
    form = CorrectionForm(request.POST)
    kind, slug = request.POST.get("kind", ""), request.POST.get("slug", "")
    model = MODELS.get(kind)
    record = PUBLIC.named(model, slug).first() if model and slug.isascii() else None
    if record is None:
        raise Http404("No such record.")
    if not form.is_valid():
        return TemplateResponse(
            request,
            "corrections/correction_form.html",
            {"form": form, "record": record, "title": "Suggest a correction"},
            status=400,
        )
    correction_create(
        record=record,
        text=form.cleaned_data["text"],
        source_url=form.cleaned_data["source_url"],
        address=limits.client_address(request),
    )
    return redirect("corrections:thanks")


@require_GET
def correction_thanks(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "corrections/thanks.html", {"title": "Thank you"})
