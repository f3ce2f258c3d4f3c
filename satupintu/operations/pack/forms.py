"""The coordination page's forms: the month to read, a new follow-up action, a status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from satupintu.operations.models import FollowUpAction
from satupintu.operations.pack.export import parse_month
from satupintu.operations.pack.selectors import months_before
from satupintu.tenancy.models import Agency, Mpp

MONTHS_OFFERED = 24


def complete_months(today: dt.date) -> list[dt.date]:
    """The months a pack can be made for: complete ones, last month first."""
    return months_before(today.replace(day=1), MONTHS_OFFERED)[::-1]


class MonthForm(forms.Form):
    """?bulan=YYYY-MM, one of the complete months up to last month."""

    bulan = forms.ChoiceField(label=_("Bulan"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bulan"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [
            (f"{m:%Y-%m}", formats.date_format(m, "F Y")) for m in complete_months(today)
        ]
        field.error_messages["invalid_choice"] = _(
            "Pilih bulan yang sudah selesai, paling akhir bulan lalu."
        )

    def month(self) -> dt.date:
        month = parse_month(self.cleaned_data["bulan"])
        if month is None:  # cannot happen: the choices are months
            raise forms.ValidationError(_("Bulan tidak dikenal."))
        return month


class FollowUpForm(forms.Form):
    what = forms.CharField(label=_("Tindak lanjut"), max_length=300)
    responsible = forms.CharField(label=_("Penanggung jawab"), max_length=150)
    agency = forms.ModelChoiceField(
        label=_("Instansi (boleh kosong)"), queryset=Agency.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, mpp: Mpp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Agency.objects.filter(booths__mpp=mpp).distinct()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpAction.Status.choices)
    note = forms.CharField(label=_("Keterangan"), max_length=300, required=False)
