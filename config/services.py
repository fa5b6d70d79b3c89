"""Reachability of the services the platform stands on: PostgreSQL and Redis."""

import redis
from django.conf import settings
from django.db import connection


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def redis_answers(url: str | None = None) -> bool:
    try:
        client = redis.Redis.from_url(url or settings.REDIS_URL, socket_connect_timeout=2)
        return bool(client.ping())
    except redis.RedisError:
        return False
