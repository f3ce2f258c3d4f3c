from satupintu.queueing.board import pages as board
from satupintu.queueing.pages import console, kiosk, ticket

app_name = "queueing"
urlpatterns = [
    *kiosk.urlpatterns,
    *ticket.urlpatterns,
    *console.urlpatterns,
    *board.urlpatterns,
]
