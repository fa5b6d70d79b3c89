"""Reachability of the services the platform stands on: PostgreSQL and Redis."""

import redis
from django.conf import settings
from django.db import connection


def database_server() -> str | None:
    """The database server with its major version ("PostgreSQL 18"); None when it does not
    answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version_num')::int / 10000")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    except Exception:
        return None


def redis_server(url: str | None = None) -> str | None:
    """The server at the Redis URL with its major version ("Redis 7", or "Valkey 8" for the
    embedded one of `make run`); None when it does not answer."""
    try:
        client = redis.Redis.from_url(url or settings.REDIS_URL, socket_connect_timeout=2)
        info = client.info("server")
    except redis.RedisError:
        return None
    kind = info.get("server_name", "redis")
    version = str(info.get(f"{kind}_version", info["redis_version"]))
    return f"{kind.capitalize()} {version.split('.')[0]}"


def redis_answers(url: str | None = None) -> bool:
    return redis_server(url) is not None
