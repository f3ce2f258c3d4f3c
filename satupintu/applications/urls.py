from django.urls import path

from satupintu.applications import views

app_name = "applications"
urlpatterns = [
    path("mpp/<slug:slug>/permohonan/<str:code>/", views.apply, name="apply"),
    path(
        "mpp/<slug:slug>/permohonan/<str:code>/berkas/<str:requirement>/",
        views.hold_file,
        name="hold_file",
    ),
    path("permohonan/", views.mine, name="mine"),
    path("permohonan/<uuid:application_id>/", views.mine_detail, name="mine_detail"),
    path(
        "permohonan/<uuid:application_id>/berkas/<int:file_id>/",
        views.download,
        name="download",
    ),
    path("lacak/", views.track, name="track"),
    path("lacak/<uuid:application_id>/events", views.track_events, name="track_events"),
    path("staf/permohonan/", views.worklist, name="worklist"),
    path("staf/permohonan/<uuid:application_id>/", views.verify, name="verify"),
]
