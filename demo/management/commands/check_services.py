from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.services import redis_answers


class Command(BaseCommand):
    help = (
        "Check that PostgreSQL and Redis answer at the configured URLs; with --create-database, "
        "create the configured database when it is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--create-database", action="store_true")

    def handle(self, *args, create_database=False, **options):
        db = settings.DATABASES["default"]
        where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "connect_timeout": 3,
        }
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
                ).fetchone()
                if not exists and create_database:
                    conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
                    self.stdout.write(f"Database {db['NAME']} created.")
        except psycopg.OperationalError as error:
            reason = str(error).strip().splitlines()[0]
            raise CommandError(
                f"PostgreSQL does not answer at {where} ({reason}).\n"
                "Start it with `docker compose up -d db redis`, or install and start "
                "Debian's postgresql package, or set DATABASE_URL; or leave DATABASE_URL unset "
                "and `make run` and `make test` start an embedded PostgreSQL."
            ) from None
        redis_url = settings.REDIS_URL
        if not redis_answers(redis_url):
            parts = urlsplit(redis_url)
            raise CommandError(
                f"Redis does not answer at {parts.hostname}:{parts.port or 6379}.\n"
                "Start it with `docker compose up -d db redis`, or install and start "
                "Debian's redis-server package, or set REDIS_URL; or leave REDIS_URL unset "
                "and `make run` and `make test` start an embedded Valkey."
            )
        self.stdout.write(f"PostgreSQL ({where}) and Redis ({redis_url}) answer.")
