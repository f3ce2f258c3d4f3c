from django.contrib import admin

from satupintu.documents.models import DocumentSettings, IssuedDocument


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
