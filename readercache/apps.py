from django.apps import AppConfig


class ReaderCacheConfig(AppConfig):
    name = "readercache"
    verbose_name = "Reader cache"

    def ready(self) -> None:
        from readercache import versions

        versions.connect()
