from django.urls import path

from following import calendars, embeds, feeds
from following.downloads import views as downloads
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
    path("downloads/", downloads.downloads_page, name="downloads"),
    path(
        "downloads/partnership-tracker.schema.json",
        downloads.schema,
        name="downloads-schema",
    ),
    path("downloads/<str:filename>", downloads.download, name="download"),
    path(
        "embed/agreements/<slug:slug>/",
        embeds.agreement_card,
        name="embed-agreement",
    ),
    path("embed/companies/<slug:slug>/", embeds.company_card, name="embed-company"),
]
