"""The agreements' services, by job: :mod:`.drafts` (a draft's content while it may be edited)
and :mod:`.lifecycle` (the mandate check, submission into frozen versions, reviews, follow
decisions, signatures, activation and the end). The content's shape itself is
:mod:`agreements.content`. What callers use is re-exported here.
"""

from .drafts import add_party, save_draft, update_draft
from .lifecycle import (
    FOLLOWING,
    ROLES,
    activate,
    ask_to_follow,
    end,
    mandate_check,
    positions,
    positions_of,
    procurement_problems,
    review,
    sign,
    submit,
)

__all__ = [
    "FOLLOWING",
    "ROLES",
    "activate",
    "add_party",
    "ask_to_follow",
    "end",
    "mandate_check",
    "positions",
    "positions_of",
    "procurement_problems",
    "review",
    "save_draft",
    "sign",
    "submit",
    "update_draft",
]
