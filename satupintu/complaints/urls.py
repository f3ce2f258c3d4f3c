from satupintu.complaints.pages import citizen, staff

app_name = "complaints"
urlpatterns = [*citizen.urlpatterns, *staff.urlpatterns]
