from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnership tracker"

    def ready(self) -> None:
        from partnerships.services import editors_group_ensure

        # Permissions only exist once every app has migrated, so the group that
        # holds them is kept in step after each migrate rather than in a migration.
        post_migrate.connect(
            lambda **kwargs: editors_group_ensure(),
            sender=self,
            dispatch_uid="editors-group",
            weak=False,
        )
