from django.contrib import admin

from satupintu.catalog.models import CounterService, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "agency", "mpp", "fee_rupiah", "is_active"]
    list_filter = ["mpp", "agency"]
    search_fields = ["code", "name"]
    list_select_related = ["mpp", "agency"]


@admin.register(CounterService)
class CounterServiceAdmin(admin.ModelAdmin):
    list_display = ["counter", "service", "preference"]
    list_select_related = ["counter", "service"]
