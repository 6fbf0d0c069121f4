from django.db import migrations

KINDS = [
    ("ai-lab", "AI lab"),
    ("cloud-provider", "Cloud provider"),
    ("cloud-platform", "Cloud platform"),
    ("chip-maker", "Chip maker"),
    ("investor", "Investor"),
    ("technology-company", "Technology company"),
    ("publisher", "Publisher"),
    ("media-platform", "Media platform"),
]


def add_kinds(apps, schema_editor):
    company_kind = apps.get_model("partnerships", "CompanyKind")
    for slug, name in KINDS:
        company_kind.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
