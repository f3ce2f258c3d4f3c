from django.contrib import admin

from satupintu.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "mpp", "kind", "channel", "recipient", "status", "attempts")
    list_filter = ("status", "channel", "kind", "mpp")
    search_fields = ("recipient", "reference", "subject")
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False
