from satupintu.documents.pages import citizen, staff

app_name = "documents"
urlpatterns = [*citizen.urlpatterns, *staff.urlpatterns]
