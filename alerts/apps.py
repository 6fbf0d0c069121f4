from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Email alerts without an account: a reader watches a record by address,
    confirms by a link, and gets its public changes by mail (daily or at once).
    Depends on partnerships and following, never the reverse."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from alerts import triggers

        # Any saved version may be a public change: the task decides, by reading
        # public history (a draft's save queues it too, and it then sends nothing).
        post_create_historical_record.connect(
            triggers.version_saved, dispatch_uid="alerts.version_saved"
        )
