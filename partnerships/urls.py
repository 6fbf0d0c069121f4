from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.home, name="home"),
    path("companies/<slug:slug>/", views.placeholder, name="company-detail"),
    path("people/<slug:slug>/", views.placeholder, name="person-detail"),
    path("sources/<slug:slug>/", views.placeholder, name="source-detail"),
    path("agreements/<slug:slug>/", views.placeholder, name="agreement-detail"),
    path("statements/<slug:slug>/", views.placeholder, name="statement-detail"),
]
