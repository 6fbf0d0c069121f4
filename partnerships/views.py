from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Partnership tracker")


def placeholder(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(slug)
