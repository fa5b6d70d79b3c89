"""The production settings pass Django's deployment checks and hash passwords with Argon2."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Run with the production settings' own defaults: a developer's .env (say, with
# SECURE_SSL_REDIRECT=false for local compose) must not decide what these tests see.
WITHOUT_DOTENV = "import environ; environ.Env.read_env = classmethod(lambda *a, **k: None); "
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/regio"  # base.py's default


def _production_env():
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "ALLOWED_HOSTS": "regio.example.nl",
        # As the test settings read it (base.py has put .env's value, if any, in os.environ).
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
    }


def _run_python(code):
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DOTENV + code],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_pass_check_deploy():
    result = _run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_hashes_passwords_with_argon2():
    result = _run_python(
        "import json, django; django.setup(); "
        "from django.conf import settings; "
        "from django.contrib.auth.hashers import get_hasher, make_password; "
        "print(json.dumps({'first': settings.PASSWORD_HASHERS[0], "
        "'algorithm': get_hasher().algorithm, "
        "'hash': make_password('correct horse battery staple')}))"
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["first"] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert answer["algorithm"] == "argon2"
    assert answer["hash"].startswith("argon2$argon2id$")


def test_production_carries_no_demo_tools():
    result = _run_python(
        "import django; django.setup(); "
        "from django.core.management import get_commands; "
        "from django.conf import settings; "
        "commands = get_commands(); "
        "print('demo' in settings.INSTALLED_APPS, "
        "sorted({'seed_demo', 'seed_scale', 'check_services'} & set(commands)))"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "[]"]
