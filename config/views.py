from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .services import database_answers, redis_answers


@require_GET
@never_cache
def health(request):
    """Whether PostgreSQL and Redis answer; 503 when either does not (used by compose)."""
    checks = {"database": database_answers(), "redis": redis_answers()}
    healthy = all(checks.values())
    body = {name: "ok" if answers else "unavailable" for name, answers in checks.items()}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **body}, status=200 if healthy else 503
    )
