"""The kinds of events insurers' systems receive, one line each: name -> description.

An event carries the agreement as its API representation shows it (``id``, ``reference``,
``title``, ``status``, ``version``, ``region``) and the details its sender gives
(:func:`agreements.signals.emit`, or a receiver in :mod:`events.receivers`). A new kind is a
line here and the ``emit`` where it happens.
"""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "agreement.submitted": _("Een nieuwe versie is ingediend (details: version)."),
    "agreement.review_recorded": _(
        "Een zorgverzekeraar heeft een versie beoordeeld (details: version, decision, insurer, "
        "by_lead_insurer)."
    ),
    "agreement.status_changed": _("De status is veranderd (details: from, to)."),
    "agreement.follow_requested": _(
        "De regio vraagt een zorgverzekeraar te volgen (details: insurer)."
    ),
    "agreement.progress_report_ready": _(
        "Een voortgangsrapportage is klaar om te downloaden (details: document)."
    ),
    "agreement.measurement_recorded": _(
        "Een meting van een doelstelling is vastgelegd (details: measurement)."
    ),
}

CHOICES = list(KINDS.items())

# Kinds whose ``details["insurer"]`` is the insurer that made the event: its own systems know
# what it did, so only the other insurers party to the agreement are told.
MADE_BY_INSURER = {"agreement.review_recorded"}
