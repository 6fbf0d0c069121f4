from django.apps import AppConfig


class FollowingConfig(AppConfig):
    """Ways to follow the tracker: per-record Atom feeds and milestone calendars."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "following"
