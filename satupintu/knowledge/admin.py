import secrets

from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile

from satupintu.applications.files import check_upload
from satupintu.knowledge import services
from satupintu.knowledge.models import Article, Regulation
from satupintu.knowledge.search import fill_tokens


class RegulationForm(forms.ModelForm):
    class Meta:
        model = Regulation
        fields = [
            "kind",
            "number",
            "year",
            "title",
            "issuer",
            "enacted_on",
            "in_force_on",
            "status",
            "summary",
            "pdf",
            "services",
            "amends",
            "revokes",
        ]

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if not upload or not hasattr(upload, "content_type"):  # unchanged
            return upload
        checked = check_upload(upload, allowed="pdf")  # as application files are
        return ContentFile(checked.content, name=f"{secrets.token_hex(16)}.pdf")


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    form = RegulationForm
    list_display = ["citation", "title", "status", "year"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "number"]
    filter_horizontal = ["services", "amends", "revokes"]

    def save_model(self, request, obj, form, change):
        fill_tokens(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        services.record_change(obj, amends=obj.amends.all(), revokes=obj.revokes.all())


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "mpp", "status", "last_checked"]
    list_filter = ["kind", "status", "mpp"]
    search_fields = ["title"]

    def save_model(self, request, obj, form, change):
        fill_tokens(obj)
        super().save_model(request, obj, form, change)
