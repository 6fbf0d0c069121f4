from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.routers import DefaultRouter

from partnerships.api import views
from partnerships.api.errors import api_not_found

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.TrackerAPIRoot
router.register("companies", views.CompanyViewSet, basename="company")
router.register("people", views.PersonViewSet, basename="person")
router.register("sources", views.SourceViewSet, basename="source")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("statements", views.StatementViewSet, basename="statement")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:api-root"), name="index"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "v1/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"
    ),
    path(
        "v1/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"
    ),
    path("v1/", include(router.urls)),
    # Anything else under /api/ ending in a slash: a JSON 404, not an HTML page.
    re_path(r"^[\s\S]*/$", api_not_found),
]
