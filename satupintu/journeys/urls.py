from satupintu.journeys.consent import pages as consent
from satupintu.journeys.pages import kiosk, public

app_name = "journeys"
urlpatterns = [*public.urlpatterns, *kiosk.urlpatterns, *consent.urlpatterns]
