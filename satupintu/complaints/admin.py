from django.contrib import admin

from satupintu.complaints.models import Complaint, ComplaintEvent, LaporReferral


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read only: every change goes through the services (the staff pages)."""

    list_display = ["tracking_code", "mpp", "kind", "category", "agency", "status", "received_at"]
    list_filter = ["mpp", "status", "kind", "category"]
    search_fields = ["tracking_code"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(LaporReferral)
class LaporReferralAdmin(admin.ModelAdmin):
    list_display = ["complaint", "provider", "remote_id", "at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
