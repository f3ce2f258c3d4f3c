from django.contrib import admin

from satupintu.operations.models import FollowUpAction, MonthSummary


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ("what", "mpp", "meeting_month", "responsible", "due_on", "status")
    list_filter = ("status", "mpp")


@admin.register(MonthSummary)
class MonthSummaryAdmin(admin.ModelAdmin):
    """A past month's trend figures; delete a row to have the next pack read it again."""

    list_display = ("mpp", "month", "arrivals", "computed_at")
    list_filter = ("mpp",)
