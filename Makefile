# The front door. `make run` and `make test` are the two commands of the README.
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test lint bench services worker clean screenshots document-images

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(VENV)/bin/pip install --quiet "uv>=0.9,<0.14"
	$(UV) sync --frozen --inexact --quiet
	@touch $@

install: $(VENV)/.installed

services: install
	@$(PY) manage.py check_services --create-database

run: services
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py seed_demo
	@$(PY) scripts/run_dev.py

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info

test: install
	@DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check_services
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: services
	$(PY) -m bench

# PNGs of the main staff pages (demo data, Debian's Chromium) into docs/screenshots/
screenshots: services
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py seed_demo >/dev/null
	$(PY) manage.py screenshots

# One PDF of each kind (demo data) and an image of every page (pdftoppm) into docs/documents/
document-images: services
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py seed_demo >/dev/null
	$(PY) manage.py document_images

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
