from satupintu.notifications.pages import citizen

app_name = "notifications"
urlpatterns = [*citizen.urlpatterns]
