from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Partnership tracker: editors"
admin.site.site_title = "Partnership tracker"
admin.site.index_title = "Curate the records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("partnerships.api.urls")),
    path("", include("partnerships.urls")),
]
