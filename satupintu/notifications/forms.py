from __future__ import annotations

from django import forms

from satupintu.notifications.models import CitizenKind, Preference


class PreferencesForm(forms.Form):
    """One channel per kind of news (notifications.models.CitizenKind)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in CitizenKind.choices:
            self.fields[kind] = forms.ChoiceField(label=label, choices=Preference.choices)
