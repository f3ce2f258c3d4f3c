from django.urls import path

from satupintu.reading import views

app_name = "reading"
urlpatterns = [
    path(
        "mpp/<slug:slug>/permohonan/<str:code>/berkas/<str:requirement>/bacaan/",
        views.held,
        name="held",
    ),
]
