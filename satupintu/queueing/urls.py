from satupintu.queueing.pages import board, console, kiosk, ticket

app_name = "queueing"
urlpatterns = [
    *kiosk.urlpatterns,
    *ticket.urlpatterns,
    *console.urlpatterns,
    *board.urlpatterns,
]
