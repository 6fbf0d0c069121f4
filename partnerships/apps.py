from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnership tracker"

    def ready(self) -> None:
        from partnerships.names import keep_name_key, keyed_fields
        from partnerships.services import editors_group_ensure

        # A derived column, not a rule: kept in step even by raw saves (loaddata).
        for model in keyed_fields():
            pre_save.connect(
                keep_name_key, sender=model, dispatch_uid=f"name-key-{model.__name__}"
            )

        # Permissions only exist once every app has migrated, so the group that
        # holds them is kept in step after each migrate rather than in a migration.
        post_migrate.connect(
            lambda **kwargs: editors_group_ensure(),
            sender=self,
            dispatch_uid="editors-group",
            weak=False,
        )
