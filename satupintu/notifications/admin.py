from django.contrib import admin

from satupintu.notifications.models import Message, NotificationPreference, PushSubscription


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "mpp", "kind", "channel", "recipient", "status", "attempts")
    list_filter = ("status", "channel", "kind", "mpp")
    search_fields = ("recipient", "reference", "subject")
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "label", "created_at", "last_success_at", "failure_count")
    search_fields = ("user__email", "user__phone", "label")
    readonly_fields = [f.name for f in PushSubscription._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel", "updated_at")
    list_filter = ("kind", "channel")
    search_fields = ("user__email", "user__phone")
    readonly_fields = [f.name for f in NotificationPreference._meta.fields]

    def has_add_permission(self, request):
        return False
