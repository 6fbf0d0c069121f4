"""Every saved or deleted domain row asks for an export of the downloads
(`schedule.dataset_changed`); no other work happens here."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from following.downloads.schedule import dataset_changed

# Rows readers never see in the downloads: the editors' import jobs, history.
NOT_IN_DOWNLOADS = {"importjob"}


def _changed(sender, **kwargs) -> None:
    dataset_changed()


def connect() -> None:
    for model in apps.get_app_config("partnerships").get_models():
        name = model._meta.model_name
        if name in NOT_IN_DOWNLOADS or name.startswith("historical"):
            continue
        uid = f"downloads-{name}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
