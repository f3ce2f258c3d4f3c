from satupintu.documents.pages import citizen, staff, wallet

app_name = "documents"
urlpatterns = [*citizen.urlpatterns, *staff.urlpatterns, *wallet.urlpatterns]
