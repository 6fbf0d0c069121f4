"""The admin index with the editors' desk above the list of models."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from editorial.desk import desk


def desk_index(request: HttpRequest) -> HttpResponse:
    return admin.site.index(request, extra_context={"desk": desk(request.user)})
