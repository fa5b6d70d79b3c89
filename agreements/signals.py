"""What happened to an agreement, for whoever listens (``events/`` records it for insurers'
systems). Sent by the services inside their transaction, so a listener's rows commit or roll
back with the change; the domain apps import no listener.
"""

from django.dispatch import Signal

# kwargs: agreement (the locked Agreement), kind (a name in events.kinds.KINDS) and details
# (JSON: what the event adds to the agreement's API representation; never personal data).
agreement_event = Signal()


def emit(agreement, kind: str, **details) -> None:
    agreement_event.send(sender=type(agreement), agreement=agreement, kind=kind, details=details)
