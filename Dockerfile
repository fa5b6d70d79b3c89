# syntax=docker/dockerfile:1
# The platform's image: gunicorn serves config.wsgi (the `web` service) and the same image runs
# the Celery worker. Build: docker build -t regio .   Run: see docker-compose.yml.

FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# What WeasyPrint loads at run time: Pango (with its FreeType/fontconfig backend), HarfBuzz and its
# subsetter (font subsetting for the PDFs), and a font so text renders at all.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*


FROM base AS build

# uv from PyPI, pinned as in the Makefile; it stays in this stage only.
RUN pip install "uv>=0.9,<0.14"

ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11

WORKDIR /app
# Only the dependency files, so this layer is rebuilt when the dependencies change, not the code.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project


FROM base AS runtime

RUN groupadd --system --gid 10001 regio \
    && useradd --system --uid 10001 --gid regio --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin regio

WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.prod

COPY --from=build /app/.venv /app/.venv
# The code stays root's: the app user can read it, not change it.
COPY . .

# Static files go into the image (WhiteNoise serves them). The settings need a SECRET_KEY to load;
# this one exists only during this step and is not in any layer's environment.
RUN SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --no-input \
    && mkdir -p /app/media \
    && chown regio:regio /app/media

USER regio
EXPOSE 8000

# gunicorn takes its number of workers from WEB_CONCURRENCY.
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
