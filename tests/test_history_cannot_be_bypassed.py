"""Bulk writes that skip `save()` would change audited records without history."""

import pytest
from django.apps import apps

from partnerships.models import AuditBypassError

pytestmark = pytest.mark.django_db

AUDITED_MODELS = [
    model
    for model in apps.get_app_config("partnerships").get_models()
    if hasattr(model, "history") and not model.__name__.startswith("Historical")
]


def test_every_curated_model_is_audited():
    names = {model.__name__ for model in AUDITED_MODELS}
    assert names >= {
        "Company",
        "CompanyAlias",
        "Person",
        "Source",
        "Agreement",
        "AgreementParty",
        "Commitment",
        "Statement",
        "CompanyCitation",
        "PersonCitation",
        "AgreementCitation",
        "StatementCitation",
    }


@pytest.mark.parametrize("model", AUDITED_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("method", ["update", "bulk_update", "bulk_create"])
def test_bulk_write_on_an_audited_model_is_refused(model, method):
    calls = {
        "update": lambda qs: qs.update(pk=1),
        "bulk_update": lambda qs: qs.bulk_update([], ["pk"]),
        "bulk_create": lambda qs: qs.bulk_create([]),
    }
    with pytest.raises(AuditBypassError, match="history"):
        calls[method](model.objects.all())
