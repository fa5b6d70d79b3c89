# The front door. `make run` and `make test` are the two commands of the README.
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1
# Runs a command with DATABASE_URL and REDIS_URL: the configured servers, or embedded ones in
# .local/ for those not set (scripts/services.py).
WITH_SERVICES := $(PY) scripts/services.py run

.PHONY: install run test lint bench services worker clean screenshots document-images

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(VENV)/bin/pip install --quiet "uv>=0.9,<0.14"
	$(UV) sync --frozen --inexact --quiet
	@touch $@

install: $(VENV)/.installed

services: install
	@$(PY) manage.py check_services --create-database

# Starts what is missing (embedded servers), creates the database, migrates, seeds, serves.
run: install
	@$(PY) scripts/run_dev.py

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info

test: install
	@DJANGO_SETTINGS_MODULE=config.settings.test $(WITH_SERVICES) -- $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: services
	$(PY) -m bench

# PNGs of the main staff pages (demo data, Debian's Chromium) into docs/screenshots/
screenshots: install
	@$(WITH_SERVICES) --create-database -- sh -c '$(PY) manage.py migrate --no-input -v 0 && \
		$(PY) manage.py seed_demo >/dev/null && $(PY) manage.py screenshots'

# One PDF of each kind (demo data) and an image of every page (pdftoppm) into docs/documents/
document-images: install
	@$(WITH_SERVICES) --create-database -- sh -c '$(PY) manage.py migrate --no-input -v 0 && \
		$(PY) manage.py seed_demo >/dev/null && $(PY) manage.py document_images'

# Also stops and removes the embedded servers and their data (.local/).
clean:
	@if [ -x $(PY) ]; then $(PY) scripts/services.py stop; fi
	rm -rf $(VENV) .local .pytest_cache .ruff_cache staticfiles
