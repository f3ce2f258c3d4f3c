"""Document numbers: an agency's pattern filled in, and the gap-free year sequence."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from satupintu.documents.models import DEFAULT_PATTERN, YearSequence

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Crockford's base32 without I, L, O and U, as the tracking numbers.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 80 random bits


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def next_seq(agency_id: int, year: int) -> int:
    """Add one to the agency's number for `year` and return it, locking the row until commit.

    The same approach as the queue's day sequence (queueing/tickets/services.py): the
    UPDATE adds one in the database, so a concurrent issuer waits on the row lock and
    counts on from the committed number; a rolled-back issue gives its number back. Two
    first issues of a year meet on document_year_unique and the loser counts on.
    """
    sequence, _created = YearSequence.objects.update_or_create(
        agency_id=agency_id,
        year=year,
        defaults={"last": F("last") + 1},
        create_defaults={"last": 1},
    )
    return sequence.last


def format_number(
    pattern: str, *, seq: int, agency: str, service: str, mpp: str, month: int, year: int
) -> str:
    values = {
        "seq": seq,
        "agency": agency,
        "service": service,
        "mpp": mpp,
        "month": f"{month:02d}",
        "roman_month": ROMAN[month - 1],
        "year": year,
    }
    try:
        return (pattern or DEFAULT_PATTERN).format(**values)[:160]
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise ValidationError(
            _("Pola nomor dokumen tidak dapat dipakai: %(error)s") % {"error": exc}
        ) from None


def check_pattern(pattern: str) -> None:
    """ValidationError unless the pattern fills in and carries the sequence."""
    if "{seq" not in pattern:
        raise ValidationError(_("Pola nomor dokumen harus memuat {seq}."))
    format_number(pattern, seq=1, agency="A", service="A01", mpp="m", month=1, year=2026)
