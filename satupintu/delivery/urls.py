from satupintu.delivery import pages

app_name = "delivery"
urlpatterns = [*pages.urlpatterns]
