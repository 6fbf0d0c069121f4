from django.contrib.sitemaps.views import sitemap
from django.urls import path

from partnerships import sitemaps, views
from partnerships.feeds import LatestRecordsFeed
from partnerships.models import Company, Person, Source
from partnerships.views.merged import follows_merges

app_name = "partnerships"

urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement-detail"),
    path("companies/", views.company_list, name="company-list"),
    path(
        "companies/<slug:slug>/",
        follows_merges(Company)(views.company_detail),
        name="company-detail",
    ),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement-detail"),
    path("people/", views.person_list, name="person-list"),
    path(
        "people/<slug:slug>/",
        follows_merges(Person)(views.person_detail),
        name="person-detail",
    ),
    path("sources/", views.source_list, name="source-list"),
    path(
        "sources/<slug:slug>/",
        follows_merges(Source)(views.source_detail),
        name="source-detail",
    ),
    path("search/", views.search, name="search"),
    path("timeline/", views.timeline, name="timeline"),
    path("network/", views.network, name="network"),
    path("feed/", LatestRecordsFeed(), name="feed"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
]
