"""The operations API: measures and staffing advice (issue 22)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Operasional"])
