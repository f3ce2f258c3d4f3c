"""Every write on a complaint: one function per action, one transaction each.

`intake` (a complaint coming in, from the web form, the API or the desk), `moves` (the
officers' steps and the reopen request), `reminders` (the deadline job). Who may act is
decided by access.py and workflow.py's transition table; callers use the names below.
"""

from satupintu.complaints.services.intake import (
    MAX_FILES,
    Reporter,
    Suggestion,
    submit_complaint,
    suggest,
)
from satupintu.complaints.services.moves import (
    answer_complaint,
    close_complaint,
    decide_reopen,
    forward_complaint,
    merge_complaint,
    postpone_complaint,
    refer_complaint,
    reject_complaint,
    request_reopen,
    start_follow_up,
    verify_complaint,
)

__all__ = [
    "MAX_FILES",
    "Reporter",
    "Suggestion",
    "answer_complaint",
    "close_complaint",
    "decide_reopen",
    "forward_complaint",
    "merge_complaint",
    "postpone_complaint",
    "refer_complaint",
    "reject_complaint",
    "request_reopen",
    "start_follow_up",
    "submit_complaint",
    "suggest",
    "verify_complaint",
]
