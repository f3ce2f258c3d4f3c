"""What other apps may hook onto without applications importing them (they sit above it
in the import contract).

`application_ready` is sent inside the transaction that moves an application to "ready"
(the product is done), with the locked application and the officer: a receiver that
raises rolls the move back. documents/apps.py connects the issuing of the product there.

`file_stored` is sent after the commit that stored an uploaded file, with that file
(`ApplicationFile`); reading/apps.py queues it for the OCR there. A receiver must not
fail the upload: it runs after the commit.
"""

from __future__ import annotations

from django.dispatch import Signal

application_ready = Signal()  # kwargs: application, user
# Sent inside the transaction that moves an application to "awaiting payment" (its service
# has a fee): payments/apps.py connects the issuing of its bill there.
payment_due = Signal()  # kwargs: application, user
# Sent inside the transaction that rejects or withdraws an application (any status it
# was closed from): payments/apps.py cancels its unpaid bill there.
application_closed = Signal()  # kwargs: application, user
file_stored = Signal()  # kwargs: file
# Sent when the one-step apply form holds a file chosen before submitting (htmx, on
# change), with the `files.HeldFile`, the Mpp, the requirement's name and the content's
# SHA-256 (the stored file's, once the form is sent): reading/apps.py
# reads it in the background so the form can warn before submitting. No DB row exists.
file_held = Signal()  # kwargs: held, mpp, requirement, sha256
