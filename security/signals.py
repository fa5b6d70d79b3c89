from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services
from .otp import forget_failures


@receiver(user_logged_in)
def stamp_session(sender, request, user, **kwargs):
    services.start_session(request, user)
    if not request.session[services.OTP_NEEDED]:
        forget_failures(user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if user is not None and request.session.session_key:
        user.browser_sessions.filter(session_key=request.session.session_key).delete()


@receiver(post_save, sender=get_user_model())
def end_sessions_on_new_password(sender, instance, created, **kwargs):
    """A new password ends every session of the person (the one that changed it is kept
    by Django's update_session_auth_hash under a new key, and recorded again).
    ``_password`` is set by ``set_password()`` until the save is done."""
    if not created and getattr(instance, "_password", None) is not None:
        services.end_sessions(instance)
