"""Token authentication: knox's, without its clean-up query on every request.

knox deletes the caller's *other* expired tokens each time a token is used: one more query per
API request, for rows nobody can use anyway. Here a token is still refused (and deleted) once
expired when it is used; the rest are deleted by :func:`api.tasks.delete_expired_tokens`
(Celery beat, hourly).

A module of its own: DRF imports the authentication classes named in the settings while
``rest_framework.views`` is being imported, so this one may not import the views.
"""

from django.utils import timezone
from knox import auth
from knox.models import AuthToken
from knox.signals import token_expired


class TokenAuthentication(auth.TokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        """Whether ``auth_token`` has expired (then it is deleted, as knox does)."""
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True


def delete_expired_tokens() -> int:
    """Delete every expired token; returns how many."""
    deleted, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted
