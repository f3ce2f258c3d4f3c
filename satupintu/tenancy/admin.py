from django.contrib import admin

from satupintu.tenancy.models import Agency, Booth, Closure, Counter, Mpp, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Mpp)
class MppAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "regency_name",
        "time_zone",
        "open_on_cuti_bersama",
        "is_active",
    ]
    search_fields = ["name", "slug", "regency_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ClosureInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "short_name"]


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0
    fields = ["number", "name", "is_active"]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ["name", "mpp", "agency", "queue_prefix"]
    list_filter = ["mpp"]
    list_select_related = ["mpp", "agency"]
    inlines = [CounterInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.mpp_id = form.instance.mpp_id
            obj.save()
        formset.save_m2m()
