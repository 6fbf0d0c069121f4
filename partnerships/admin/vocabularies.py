"""The small vocabularies records are tagged with: company kinds and topics."""

from django.contrib import admin

from partnerships import models


@admin.register(models.CompanyKind)
class CompanyKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
