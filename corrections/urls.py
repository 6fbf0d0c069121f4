from django.urls import path

from corrections import views

app_name = "corrections"

urlpatterns = [
    path("corrections/new/", views.correction_new, name="new"),
    path("corrections/thanks/", views.correction_thanks, name="thanks"),
]
