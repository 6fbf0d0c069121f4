from django.conf import settings
from django.urls import include, path, re_path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
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

# ReDoc's bundle adds <style> elements without a nonce as it loads, and runs its
# search in a worker it builds from a blob: on its page alone styles may be
# inline and that worker may start. Scripts still need the nonce, and the
# Redocly logo it fetches from a CDN stays blocked (it hides itself).
REDOC_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": ["blob:"],
}

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:api-root"), name="index"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Our templates: their inline script and style carry the CSP nonce.
    path(
        "v1/docs/",
        SpectacularSwaggerView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path(
        "v1/redoc/",
        csp_override(REDOC_CSP)(
            SpectacularRedocView.as_view(
                url_name="api:schema", template_name="api/redoc.html"
            )
        ),
        name="redoc",
    ),
    path("v1/", include(router.urls)),
    # Anything else under /api/ ending in a slash: a JSON 404, not an HTML page.
    re_path(r"^[\s\S]*/$", api_not_found),
]
