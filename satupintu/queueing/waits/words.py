"""The queue's place and wait in words, in the active language: the one place they are made.

The ticket's view (tickets/selectors.py `ticket_view`) carries them, so the live page as the
server draws it, its stream (board/streams.py) and the kiosk's slip all say the same thing;
the staff console words its minutes with the `minutes` filter (templatetags/queue_words.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def ahead_words(ahead: int) -> str:
    """Who is called before this ticket: "Anda berikutnya" when nobody is."""
    if ahead <= 0:
        return _("Tidak ada — Anda berikutnya")
    return ngettext("%(n)s orang", "%(n)s orang", ahead) % {"n": ahead}


def wait_words(minutes: int | None, *, waiting: bool = False) -> str:
    """The estimate until the call. None for a ticket still waiting means no counter will
    call it for now (every counter of its service closed, or the MPP not opening again
    today: waits/estimate.py): say so rather than leave the line empty; for a ticket that
    no longer waits there is nothing to say."""
    if minutes is None:
        if waiting:
            return _("belum dapat diperkirakan: loketnya sedang tutup")
        return ""
    if minutes <= 1:
        return _("sebentar lagi")
    return ngettext("sekitar %(n)s menit", "sekitar %(n)s menit", minutes) % {"n": minutes}


def minutes_words(minutes: float | None) -> str:
    """A duration in whole minutes, "kurang dari 1 menit" under one; empty for None."""
    if minutes is None:
        return ""
    whole = round(minutes)
    if whole < 1:
        return _("kurang dari 1 menit")
    return ngettext("%(n)s menit", "%(n)s menit", whole) % {"n": whole}
