from django.contrib import admin

from satupintu.accounts.models import ApiToken, User
from satupintu.accounts.services import revoke_api_token


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "phone", "role", "mpp", "agency", "is_active"]
    list_filter = ["role", "mpp", "is_active"]
    search_fields = ["full_name", "email", "phone"]
    list_select_related = ["mpp", "agency"]
    exclude = ["password", "groups", "user_permissions", "last_login"]
    filter_horizontal = ["counters"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    actions = ["revoke"]

    @admin.action(description="Cabut token terpilih")
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_api_token(token=token)

    def has_add_permission(self, request):
        return False  # tokens are created with `satupintu create_token`, shown once
