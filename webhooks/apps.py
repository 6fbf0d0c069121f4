from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """The change log behind the change feed (`following.changefeed`) and the
    webhooks that deliver each change to editors' endpoints."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from following.changefeed import note_pending

        # Bookkeeping, not business logic: every saved version of a record (or
        # of one of its parts) leaves a note in its own transaction, so that no
        # write, whichever door it came in by, escapes the change log.
        post_create_historical_record.connect(
            note_pending, dispatch_uid="changefeed-note-pending"
        )
