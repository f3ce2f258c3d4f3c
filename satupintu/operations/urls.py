from satupintu.operations.pages import coordination, floor, opendata, regional, staff

app_name = "operations"
urlpatterns = [
    *staff.urlpatterns,
    *floor.urlpatterns,  # the live floor view (issue 22, item 2)
    *coordination.urlpatterns,  # the monthly coordination pack (item 3)
    *regional.urlpatterns,  # across MPPs (item 5)
    *opendata.urlpatterns,  # open data (item 5)
]
