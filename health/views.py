"""Probes for a load balancer or an orchestrator: small JSON, never cached.

`/healthz`: the process answers (200), without asking the database, so that a
database outage never gets healthy processes restarted. `/readyz`: the
database answers and every migration is applied (200), else 503, so that no
traffic reaches a process before its database is ready. They tell which check
failed, never an error message, a host name or a record.
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from health.outages import RETRY_AFTER


def unapplied_migrations() -> int:
    """How many migrations `migrate` would apply (a few milliseconds)."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": "ok", "migrations": "ok"}
    try:
        unapplied = unapplied_migrations()
    except DatabaseError:
        checks.update(database="unreachable", migrations="unknown")
    else:
        if unapplied:
            checks["migrations"] = f"{unapplied} not applied"
    if checks == {"database": "ok", "migrations": "ok"}:
        return JsonResponse({"status": "ok", "checks": checks})
    response = JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
