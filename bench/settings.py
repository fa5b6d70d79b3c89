"""The production settings, with the bench's plain view mounted beside the platform's URLs
(``bench.urls``), for the HTTP figures under gunicorn (:mod:`bench.http`)."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
