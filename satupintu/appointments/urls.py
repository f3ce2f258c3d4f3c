from satupintu.appointments.pages import citizen, kiosk, staff

app_name = "appointments"
urlpatterns = [*citizen.urlpatterns, *kiosk.urlpatterns, *staff.urlpatterns]
