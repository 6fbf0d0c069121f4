"""The mails of alerts, sent by the task worker (`manage.py db_worker`)."""

from django.tasks import task

from alerts import services


@task
def send_confirmation(watch_id: int) -> None:
    """The mail with the link that confirms a watch."""
    services.confirmation_send(watch_id=watch_id)


@task
def send_immediate_alerts() -> int:
    """Immediate watches' new public changes (queued after saves)."""
    return services.immediate_alerts_send()


@task
def send_daily_digests() -> int:
    """The day's digests (queued by `manage.py send_alert_digests`)."""
    return services.daily_digests_send()
