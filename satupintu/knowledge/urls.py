from satupintu.knowledge.pages import citizen, staff

app_name = "knowledge"
urlpatterns = [*citizen.urlpatterns, *staff.urlpatterns]
