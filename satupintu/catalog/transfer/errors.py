"""What an import found wrong, by row and column, in words a manager can act on."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int | None  # as the user sees it (spreadsheet row, JSON item); None = the whole file
    column: str  # the column's name in the file; "" when no one column is at fault
    message: str

    def __str__(self) -> str:
        where = _("berkas") if self.row is None else _("baris %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("kolom %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"
