"""Every write on an online application: one function per action, one transaction each.

Who may act is decided by `access.py` (who sees the application) and the
transition table in `workflow.py` (which role takes which action from which state).
Notifications go out after commit through `notifications.services.notify`.

By who acts: `submission` (the applicant), `verification` (the officer checks the files),
`decisions` (the officer decides and hands over; the nightly escalation), `nik` (the
officer has the full NIK shown, logged); `common` holds what they share. Callers use the
names below: `services.submit_application(...)`.
"""

from satupintu.applications.services.common import (
    applicable_requirements,
    current_files,
    missing_requirements,
    new_tracking_number,
    normalise_tracking_number,
    requirement_key,
    requirements_of,
)
from satupintu.applications.services.decisions import (
    advance_application,
    charges_fee,
    confirm_payment,
    escalate_overdue,
    hand_over,
    reject_application,
)
from satupintu.applications.services.nik import RevealedNik, reveal_nik
from satupintu.applications.services.online_form import Attempt, apply_online, hold_upload
from satupintu.applications.services.submission import (
    Applicant,
    add_file,
    asks_nib,
    create_application,
    form_fields,
    online_service,
    resubmit_application,
    submit_application,
    withdraw_application,
)
from satupintu.applications.services.verification import (
    FileDecision,
    decide_files,
    request_revision,
    start_verification,
    verify_application,
)

__all__ = [
    "Applicant",
    "Attempt",
    "FileDecision",
    "RevealedNik",
    "add_file",
    "advance_application",
    "applicable_requirements",
    "apply_online",
    "asks_nib",
    "charges_fee",
    "confirm_payment",
    "create_application",
    "current_files",
    "decide_files",
    "escalate_overdue",
    "form_fields",
    "hand_over",
    "hold_upload",
    "missing_requirements",
    "new_tracking_number",
    "normalise_tracking_number",
    "online_service",
    "reject_application",
    "request_revision",
    "requirement_key",
    "requirements_of",
    "resubmit_application",
    "reveal_nik",
    "start_verification",
    "submit_application",
    "verify_application",
    "withdraw_application",
]
