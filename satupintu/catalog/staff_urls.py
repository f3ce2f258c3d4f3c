"""Catalog pages for staff: /staf/katalog/…"""

from django.urls import path

from satupintu.catalog import staff_views as views

app_name = "catalog_staff"
urlpatterns = [
    path("staf/katalog/", views.catalog_list, name="list"),
    path("staf/katalog/baru/", views.service_new, name="new"),
    path("staf/katalog/impor/", views.catalog_import, name="import"),
    # One route per format, so page discovery needs no rule for a `format` parameter.
    path("staf/katalog/ekspor/xlsx/", views.catalog_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("staf/katalog/ekspor/csv/", views.catalog_export, {"fmt": "csv"}, name="export_csv"),
    path("staf/katalog/ekspor/json/", views.catalog_export, {"fmt": "json"}, name="export_json"),
    path("staf/katalog/<str:code>/", views.service_detail, name="detail"),
    path("staf/katalog/<str:code>/ubah/", views.service_edit, name="edit"),
]
