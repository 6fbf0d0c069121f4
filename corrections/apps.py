from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    """Readers suggest corrections; editors resolve or dismiss them. Depends on
    partnerships, never the other way round."""

    name = "corrections"
    verbose_name = "Readers' corrections"
