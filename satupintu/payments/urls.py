from satupintu.payments.pages import citizen

app_name = "payments"
urlpatterns = [*citizen.urlpatterns]
