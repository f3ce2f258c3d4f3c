"""Catalog pages (staff); filled in by the catalog work."""

from django.urls import path  # noqa: F401

app_name = "catalog_staff"
urlpatterns: list = []
