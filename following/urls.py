from django.urls import path

from following import calendars

app_name = "following"

urlpatterns = [
    path("calendar.ics", calendars.all_agreements, name="calendar"),
    path(
        "companies/<slug:slug>/calendar.ics",
        calendars.company_agreements,
        name="company-calendar",
    ),
]
