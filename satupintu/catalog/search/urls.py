"""Search pages: within one MPP, and across all MPPs."""

from django.urls import path

from satupintu.catalog.search import views

app_name = "catalog_search"
urlpatterns = [
    path("cari/", views.search_everywhere, name="all"),
    path("mpp/<slug:slug>/cari/", views.search_at_mpp, name="mpp"),
]
