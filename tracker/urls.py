from django.contrib import admin
from django.urls import include, path

from editorial.views import desk_index
from following.api import ChangeViewSet
from partnerships.admin.imports import (
    import_job_view,
    import_records_view,
    import_template_view,
)
from partnerships.views.crawlers import favicon, robots_txt

admin.site.site_header = "Partnership tracker: editors"
admin.site.site_title = "Partnership tracker"
admin.site.index_title = "Curate the records"

urlpatterns = [
    # Before the admin's own URLs, which would take "import/" for an app label.
    path(
        "admin/import/",
        admin.site.admin_view(import_records_view),
        name="partnerships-import",
    ),
    path(
        "admin/import/jobs/<int:pk>/",
        admin.site.admin_view(import_job_view),
        name="partnerships-import-job",
    ),
    path(
        "admin/import/<str:record_type>/template.csv",
        admin.site.admin_view(import_template_view),
        name="partnerships-import-template",
    ),
    path(
        "admin/import/<str:record_type>/",
        admin.site.admin_view(import_records_view),
        name="partnerships-import",
    ),
    # The admin index with the editors' desk; the URL stays `admin:index`'s.
    path("admin/", admin.site.admin_view(desk_index), name="editorial-desk"),
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    # The change feed, before the API's catch-all 404 (following/api.py).
    path(
        "api/v1/changes/",
        ChangeViewSet.as_view({"get": "feed"}, name="Change feed"),
        name="api-changes",
    ),
    path("api/", include("partnerships.api.urls")),
    path("", include("health.urls")),  # /healthz and /readyz
    path("", include("following.urls")),  # before the record pages it extends
    path("", include("alerts.urls")),
    path("", include("corrections.urls")),
    path("", include("partnerships.urls")),
]
