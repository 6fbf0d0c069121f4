from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editors' desk and review before publishing: depends on partnerships,
    never the other way round."""

    name = "editorial"
    verbose_name = "Editors' desk"
