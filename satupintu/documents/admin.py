from django.contrib import admin

from satupintu.documents.models import (
    ArchiveRecord,
    DocumentSettings,
    IssuedDocument,
    RetentionRule,
)


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ("agency", "number_pattern", "valid_years")


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "agency", "mpp", "issued_at", "status")
    list_filter = ("status", "agency")
    search_fields = ("number", "code")
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "agency",
        "service",
        "requirement_key",
        "active_years",
        "inactive_years",
        "disposition",
        "basis",
    )
    list_filter = ("kind", "disposition", "agency")


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(admin.ModelAdmin):
    list_display = ("purged_at", "kind", "reference", "title", "owner_name", "sha256")
    list_filter = ("kind", "mpp")
    search_fields = ("reference", "sha256", "owner_name")
    readonly_fields = [f.name for f in ArchiveRecord._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
