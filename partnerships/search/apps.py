from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "partnerships.search"
    label = "search"
    verbose_name = "Search index"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnerships.search import indexing

        indexing.connect()
