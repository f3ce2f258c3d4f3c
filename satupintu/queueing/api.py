"""The queue over JSON: the router /api/v1 mounts (satupintu/urls.py). Its endpoints live in
the sub-packages: the board's snapshot and stream in board/api.py, the counter and its
officer's work in counters/api.py, numbers in tickets/api.py.
"""

from ninja import Router

from satupintu.queueing.board.api import router as board_router
from satupintu.queueing.counters.api import router as counters_router
from satupintu.queueing.tickets.api import router as tickets_router

router = Router(tags=["Antrian"])
router.add_router("", board_router)
router.add_router("", counters_router)
router.add_router("", tickets_router)
