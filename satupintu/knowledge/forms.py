"""The forms of the knowledge base: the article officers and the supervisor write, and the
regulation the supervisor enters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.catalog.models import Service
from satupintu.knowledge.models import Article, Regulation
from satupintu.knowledge.selectors import service_names
from satupintu.tenancy.models import Agency, Mpp


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["kind", "title", "body", "agency", "services", "sources", "public"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "services": forms.CheckboxSelectMultiple,
            "sources": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, mpp: Mpp, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(booths__mpp=mpp).distinct()
        offered = Service.objects.filter(mpp=mpp).order_by("code")
        names = service_names(list(offered.values_list("pk", flat=True)))
        self.fields["services"].queryset = offered
        self.fields["services"].label_from_instance = lambda s: f"{s.code} · {names.get(s.pk, '')}"
        self.fields["sources"].queryset = Regulation.objects.all()
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name in {"public", "services", "sources"}
                else "form-select select-native"
            )
            if name in {"title", "body"}:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)


class RegulationForm(forms.ModelForm):
    """A regulation as the supervisor enters it: the services of their MPP it governs and
    the regulations it amends or revokes. The PDF is checked by the service."""

    pdf_upload = forms.FileField(
        label=_("Berkas PDF"),
        required=False,
        help_text=_("PDF resmi peraturan, paling besar 5 MB. Kosongkan bila tidak diganti."),
    )

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
            "services",
            "amends",
            "revokes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "enacted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "in_force_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "services": forms.CheckboxSelectMultiple,
            "amends": forms.SelectMultiple(attrs={"size": 6}),
            "revokes": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, mpp: Mpp, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = Service.objects.filter(mpp=mpp).order_by("code")
        names = service_names(list(offered.values_list("pk", flat=True)))
        self.fields["services"].queryset = offered
        self.fields["services"].label_from_instance = lambda s: f"{s.code} · {names.get(s.pk, '')}"
        others = Regulation.objects.exclude(pk=self.instance.pk) if self.instance.pk else None
        for name in ("amends", "revokes"):
            self.fields[name].queryset = others if others is not None else Regulation.objects.all()
            self.fields[name].help_text = _("Tahan Ctrl (atau Cmd) untuk memilih lebih dari satu.")
        for name, field in self.fields.items():
            css = "form-control"
            if name in {"kind", "status", "amends", "revokes"}:
                css = "form-select select-native"
            elif name == "services":
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)
