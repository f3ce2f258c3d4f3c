"""The staffing page's forms: the day to read and the what-if calculator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import DomainError
from satupintu.operations import staffing
from satupintu.tenancy.models import Mpp


class DayForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))


class WhatIfForm(forms.Form):
    """Field names are the page's query parameters (Indonesian, as the page's address)."""

    kedatangan = forms.FloatField(label=_("Kedatangan per jam"), min_value=0)
    lama = forms.FloatField(label=_("Lama loket terpakai per orang (menit)"))
    loket = forms.IntegerField(label=_("Jumlah loket buka"))
    target = forms.FloatField(label=_("Target dipanggil dalam (menit)"))

    def __init__(self, *args: Any, mpp: Mpp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mpp = mpp

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.outlook = staffing.what_if(
                mpp=self.mpp,
                arrivals_per_hour=data["kedatangan"],
                service_minutes=data["lama"],
                counters=data["loket"],
                target_minutes=data["target"],
            )
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return data
