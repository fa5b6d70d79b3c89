"""Reusable assertions that a tenant's object cannot be reached by those who may not see it."""

from django.db import models

from regions.tenancy import Action


def assert_unreachable(obj: models.Model, *users, action=Action.VIEW):
    """Neither the scoped queryset of ``obj``'s model nor a lookup by pk finds it for ``users``."""
    manager = type(obj)._default_manager
    for user in users:
        scoped = manager.all().visible_to(user, action)
        assert not scoped.filter(pk=obj.pk).exists(), (
            f"{user} reaches {type(obj).__name__} {obj.pk} for {action}"
        )


def assert_reachable(obj: models.Model, *users, action=Action.VIEW):
    manager = type(obj)._default_manager
    for user in users:
        assert manager.all().visible_to(user, action).filter(pk=obj.pk).exists(), (
            f"{user} cannot reach {type(obj).__name__} {obj.pk} for {action}"
        )


def assert_url_not_found(client, url: str, *users, method="get", **kwargs):
    """Every one of ``users`` gets 404 at ``url``: the object's existence is not confirmed."""
    for user in users:
        client.force_login(user)
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, (
            f"{user} got {response.status_code} at {method.upper()} {url}, expected 404"
        )
        client.logout()
