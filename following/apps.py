from django.apps import AppConfig


class FollowingConfig(AppConfig):
    """Ways to follow the tracker: per-record Atom feeds, milestone calendars,
    full downloads of the dataset and cards other sites embed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "following"

    def ready(self) -> None:
        from following.downloads import signals

        signals.connect()
