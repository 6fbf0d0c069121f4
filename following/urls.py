from django.urls import path

from following import calendars, feeds
from partnerships.models import Company, Person
from partnerships.views.merged import follows_merges

app_name = "following"

urlpatterns = [
    path("calendar.ics", calendars.all_agreements, name="calendar"),
    path(
        "companies/<slug:slug>/calendar.ics",
        follows_merges(Company)(calendars.company_agreements),
        name="company-calendar",
    ),
    path(
        "agreements/<slug:slug>/feed/",
        feeds.AgreementFeed(),
        name="agreement-feed",
    ),
    path(
        "companies/<slug:slug>/feed/",
        follows_merges(Company)(feeds.CompanyFeed()),
        name="company-feed",
    ),
    path(
        "people/<slug:slug>/feed/",
        follows_merges(Person)(feeds.PersonFeed()),
        name="person-feed",
    ),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
]
