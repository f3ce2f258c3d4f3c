from satupintu.queueing.board import pages as board
from satupintu.queueing.counters import pages as console
from satupintu.queueing.kiosk import pages as kiosk
from satupintu.queueing.tickets import pages as ticket

app_name = "queueing"
urlpatterns = [
    *kiosk.urlpatterns,
    *ticket.urlpatterns,
    *console.urlpatterns,
    *board.urlpatterns,
]
