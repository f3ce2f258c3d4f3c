"""Queue pages: console (views and their routes; satupintu/queueing/urls.py collects them)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
