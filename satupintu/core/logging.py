"""Logging that never carries personal data.

Every handler runs `PersonalDataFilter`: NIK-shaped runs of 16 digits and
Indonesian phone numbers are masked in the rendered message and in any extra
string fields before a formatter sees them. Code should not log personal data
in the first place; this is the net under that rule.
"""

from __future__ import annotations

import logging
import re

_NIK = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
# +62 / 62 / 0 followed by 8-13 digits, allowing spaces and dashes inside.
_PHONE = re.compile(r"(?<![\d+])(?:\+?62|0)[\s\-]?8(?:[\s\-]?\d){7,11}(?!\d)")
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str) -> str:
    """Mask NIKs (keep 4 + 4 digits) and phone numbers (keep the last 3 digits)."""
    text = _NIK.sub(r"\1********\2", text)
    return _PHONE.sub(lambda m: "[telepon …" + re.sub(r"\D", "", m.group())[-3:] + "]", text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
