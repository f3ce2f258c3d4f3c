from satupintu.queueing.kiosk import pages as kiosk
from satupintu.queueing.pages import board, console
from satupintu.queueing.tickets import pages as ticket

app_name = "queueing"
urlpatterns = [
    *kiosk.urlpatterns,
    *ticket.urlpatterns,
    *console.urlpatterns,
    *board.urlpatterns,
]
