from django.contrib import admin

from satupintu.queueing.models import (
    CounterModeChange,
    Queue,
    QueuePolicy,
    QueueService,
    Ticket,
    TicketEvent,
)


class QueueServiceInline(admin.TabularInline):
    model = QueueService
    extra = 0
    fields = ["service"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "mpp"]
    list_filter = ["mpp"]
    inlines = [QueueServiceInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.mpp_id = form.instance.mpp_id
            obj.save()
        formset.save_m2m()


@admin.register(QueuePolicy)
class QueuePolicyAdmin(admin.ModelAdmin):
    list_display = ["mpp", "max_priority_streak", "recalls_before_no_show", "online_daily_quota"]


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "action", "from_status", "to_status", "counter", "actor", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets change through the console and the API, never by hand."""

    list_display = ["number", "day", "mpp", "service", "status", "channel", "priority", "counter"]
    list_filter = ["mpp", "status", "channel", "day"]
    list_select_related = ["mpp", "service", "counter"]
    inlines = [TicketEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(CounterModeChange)
class CounterModeChangeAdmin(admin.ModelAdmin):
    """A counter's history: read only (rows are appended by set_counter_mode)."""

    list_display = ["at", "counter", "before", "mode", "actor"]
    list_filter = ["mpp", "mode"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
