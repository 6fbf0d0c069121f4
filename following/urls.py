from django.urls import path

from following import calendars, feeds

app_name = "following"

urlpatterns = [
    path("calendar.ics", calendars.all_agreements, name="calendar"),
    path(
        "companies/<slug:slug>/calendar.ics",
        calendars.company_agreements,
        name="company-calendar",
    ),
    path(
        "agreements/<slug:slug>/feed/",
        feeds.AgreementFeed(),
        name="agreement-feed",
    ),
    path("companies/<slug:slug>/feed/", feeds.CompanyFeed(), name="company-feed"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
]
