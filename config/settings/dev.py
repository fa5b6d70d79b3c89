import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# runserver handles every request in a new thread: a persistent connection would stay open with
# each ended thread until PostgreSQL refuses new clients. Closed after every request, whatever
# CONN_MAX_AGE says.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Demo and benchmark seeding (seed_demo with its known password, seed_scale --flush) and
# check_services exist only where they belong: never in production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
