"""Security headers on every page a person opens: staff, national, admin, API docs, sign-in.

No page may carry an inline script, inline style or event-handler attribute, which the
Content-Security-Policy (without 'unsafe-inline') would block in the browser;
tests/e2e/test_security.py checks pages in Chromium's console."""

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse

from .staff_pages import staff_objects, staff_urls

INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE
)


def page_urls(world):
    staff = [u.url for u in staff_urls(world, staff_objects(world)) if u.method == "get"]
    national = [
        reverse("national:dashboard"),
        reverse("national:kpis"),
        reverse("national:region", args=[world.region.code]),
    ]
    admin_pages = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        admin_pages += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
    admin_pages += [
        reverse("admin:regions_region_change", args=[world.region.pk]),
        reverse("admin:agreements_agreement_change", args=[world.agreement.pk]),
        reverse("admin:neighbourhoods_neighbourhood_change", args=[world.neighbourhood.pk]),
    ]
    own = [
        reverse("session_list"),
        reverse("otp_setup"),
        reverse("password_change"),
        reverse("spreadsheets:overview", args=[world.region.code]),
    ]
    return [
        (world.admin, staff + own),
        (world.national, national),
        (world.platform_admin, admin_pages),
        (None, [reverse("api:docs"), reverse("login"), reverse("password_reset")]),
    ]


def assert_secure_headers(response, url):
    policy = response.headers.get("Content-Security-Policy", "")
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert "unsafe-inline" not in policy, url
    assert directives.get("script-src") == "'self'", url
    assert directives.get("frame-ancestors") == "'none'", url
    assert directives.get("object-src") == "'none'", url
    assert response.headers["X-Frame-Options"] == "DENY", url
    assert "camera=()" in response.headers["Permissions-Policy"], url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_nothing_inline(client, world):
    checked = 0
    for user, urls in page_urls(world):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            # Some models are added only through the services: their admin add page is 403.
            allowed = (200, 403) if url.endswith("/add/") else (200,)
            assert response.status_code in allowed, url
            assert_secure_headers(response, url)
            if response["Content-Type"].startswith("text/html"):
                html = response.content.decode()
                assert INLINE.findall(html) == [], url
            checked += 1
    assert checked > 60


@pytest.mark.django_db
def test_the_api_docs_script_is_a_file_of_its_own(client):
    response = client.get(reverse("api:docs") + "?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in response.content


def test_the_error_page_style_is_allowed_by_its_hash():
    """templates/500.html works without static files, so its one style element is allowed by
    hash: the hash in CONTENT_SECURITY_POLICY must be that of the element's text."""
    html = render_to_string("500.html")
    (style,) = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
