"""The tracker's URLs under another path: a URLconf a test switches to."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("tracker.urls"))]
