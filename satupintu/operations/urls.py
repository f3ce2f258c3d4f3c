from satupintu.operations.pages import staff

app_name = "operations"
urlpatterns = [*staff.urlpatterns]
