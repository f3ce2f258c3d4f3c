from satupintu.documents.pages import citizen

app_name = "documents"
urlpatterns = [*citizen.urlpatterns]
