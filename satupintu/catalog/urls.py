"""Public catalog pages. The literal segments (kategori, instansi) come before the
service code so that they are never read as a code."""

from django.urls import path

from satupintu.catalog import views

app_name = "catalog_public"
urlpatterns = [
    path("mpp/<slug:slug>/layanan/", views.catalog, name="catalog"),
    path("mpp/<slug:slug>/layanan/kategori/", views.catalog_by_category, name="by_category"),
    path("mpp/<slug:slug>/layanan/kategori/<slug:category>/", views.category, name="category"),
    path("mpp/<slug:slug>/layanan/instansi/<str:agency_code>/", views.agency, name="agency"),
    path("mpp/<slug:slug>/layanan/<str:code>/", views.service, name="service"),
    path("mpp/<slug:slug>/layanan/<str:code>/cetak/", views.poster, name="poster"),
    path("layanan/<slug:standard_key>/", views.offered, name="offered"),
]
