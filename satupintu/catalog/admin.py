from django.contrib import admin

from satupintu.catalog.models import Category, CounterService, Service, ServiceVersion


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]


class VersionInline(admin.TabularInline):
    """Versions are history: shown here, published through the catalog editor."""

    model = ServiceVersion
    extra = 0
    fields = ["number", "name", "effective_from", "reason", "author"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "standard_key", "agency", "mpp", "category", "is_active"]
    list_filter = ["mpp", "category", "agency"]
    search_fields = ["code", "standard_key"]
    list_select_related = ["mpp", "agency", "category"]
    inlines = [VersionInline]


@admin.register(CounterService)
class CounterServiceAdmin(admin.ModelAdmin):
    list_display = ["counter", "service", "preference"]
    list_select_related = ["counter", "service"]
