from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .services import database_server, redis_server


@require_GET
@never_cache
def health(request):
    """Whether PostgreSQL and Redis answer, and which servers they are (say, the embedded
    PostgreSQL 18 and Valkey 8 of `make run`); 503 when either does not (used by compose)."""
    servers = {"database": database_server(), "redis": redis_server()}
    healthy = all(servers.values())
    body = {name: "ok" if server else "unavailable" for name, server in servers.items()}
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **body,
            **{f"{name}_server": server for name, server in servers.items()},
        },
        status=200 if healthy else 503,
    )
