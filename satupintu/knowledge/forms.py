"""The article form officers and the supervisor fill in."""

from __future__ import annotations

from django import forms

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
