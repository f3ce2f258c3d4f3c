"""Forms of the queue pages: the online ticket a visitor takes from their phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.catalog.models import Service
from satupintu.core.identifiers import normalize_phone


class OnlineTicketForm(forms.Form):
    service = forms.ChoiceField(label=_("Layanan"))
    phone = forms.CharField(
        label=_("Nomor ponsel"),
        max_length=24,
        help_text=_("Satu nomor ponsel dapat memegang satu nomor antrian aktif per layanan."),
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "class": "form-control"}
        ),
    )

    def __init__(self, *args: Any, offered: list[Service], **kwargs: Any) -> None:
        """`offered`: the queued services (each with `.current`), grouped by agency."""
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for service in sorted(offered, key=lambda s: (s.agency.short_name, s.code)):
            groups.setdefault(service.agency.short_name, []).append(
                (service.code, service.current.name)  # type: ignore[attr-defined]
            )
        field = self.fields["service"]
        field.choices = [("", _("Pilih layanan")), *groups.items()]
        # Not Bootstrap's form-select: its arrow is a background image, which leaves
        # axe unable to judge the text's contrast (as in catalog/staff/list.html).
        field.widget.attrs["class"] = "d-block w-100 border rounded bg-body px-2 py-2"

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])
