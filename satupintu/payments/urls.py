from satupintu.payments.pages import citizen, staff

app_name = "payments"
urlpatterns = [*citizen.urlpatterns, *staff.urlpatterns]
