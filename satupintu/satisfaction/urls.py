from satupintu.satisfaction.pages import public, staff, survey, tablet

app_name = "satisfaction"
urlpatterns = [
    *tablet.urlpatterns,
    *survey.urlpatterns,
    *public.urlpatterns,
    *staff.urlpatterns,
]
