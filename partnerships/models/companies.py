"""Companies, what kind they are, what they own and the other names they go by."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.models.base import (
    AuditedQuerySet,
    Publishable,
    SlugManager,
    merged_indexes,
    merged_into_field,
    name_key_field,
)
from partnerships.slug_paths import slug_path
from partnerships.uris import validate_uri


class CompanyKind(models.Model):
    """What a company is: AI lab, cloud provider, chip maker, investor, publisher ..."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class CompanyManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Company(Publishable):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kinds = models.ManyToManyField(CompanyKind, blank=True, related_name="companies")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
        help_text="The owner: Amazon for AWS, Microsoft for Azure.",
    )
    website = models.URLField(blank=True, validators=[validate_uri])
    description = models.TextField(blank=True)
    name_key = name_key_field()
    merged_into = merged_into_field("self")

    objects = CompanyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="company_not_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="company_not_merged_into_itself"
            ),
        ]
        indexes = [
            # The admin's duplicate warning: companies whose name_key is a key.
            models.Index(fields=["name_key"], name="company_name_key_idx"),
            # The public list and API list in their default order.
            *merged_indexes("company", "name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("partnerships:company-detail", self.slug)

    def collect_errors(self, errors: dict[str, list[str]]) -> None:
        seen = set()
        ancestor = self.parent
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                errors["parent"] = [
                    "A company cannot be its own owner, even indirectly."
                ]
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class CompanyAliasManager(models.Manager.from_queryset(AuditedQuerySet)):
    def get_by_natural_key(self, company_slug: str, name: str):
        return self.get(company__slug=company_slug, name=name)


class CompanyAlias(models.Model):
    """Another name a company goes by: "AWS", "亚马逊云科技", "微软"."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=16, blank=True, help_text="BCP 47 code, e.g. zh-Hant"
    )
    name_key = name_key_field()

    objects = CompanyAliasManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["company__name", "name"]
        verbose_name_plural = "company aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "name"], name="company_alias_unique"
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="company_alias_name_not_empty"
            ),
        ]
        indexes = [
            # The admin's duplicate warning: aliases whose name_key is a key.
            models.Index(fields=["name_key"], name="company_alias_name_key_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.company.slug, self.name)

    natural_key.dependencies = ["partnerships.company"]
