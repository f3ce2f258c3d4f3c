"""The SKM questionnaire as an HTML form (citizens, the tablet, paper entry by staff)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.satisfaction.models import (
    AgeGroup,
    Education,
    FollowUp,
    Occupation,
    Sex,
    Weight,
)
from satupintu.satisfaction.questionnaire import UNSUR_TEXT

# Not Bootstrap's form-select: its arrow is a background image, which leaves axe unable
# to judge the text's contrast (as in queueing/tickets/forms.py and catalog/staff/list.html).
SELECT = "d-block w-100 border rounded bg-body px-2 py-2"


class SurveyForm(forms.Form):
    """9 unsur (radio 1–4 with the regulation's labels), the profile, a suggestion."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for unsur in UNSUR_TEXT:
            self.fields[unsur.key] = forms.TypedChoiceField(
                label=unsur.question,
                choices=[(i + 1, label) for i, label in enumerate(unsur.labels)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        self.fields["sex"] = forms.ChoiceField(
            label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect
        )
        self.fields["age_group"] = forms.ChoiceField(
            label=_("Usia"), choices=AgeGroup.choices, widget=forms.RadioSelect
        )
        self.fields["education"] = forms.ChoiceField(
            label=_("Pendidikan terakhir"), choices=Education.choices, widget=forms.RadioSelect
        )
        self.fields["occupation"] = forms.ChoiceField(
            label=_("Pekerjaan"), choices=Occupation.choices, widget=forms.RadioSelect
        )
        self.fields["suggestion"] = forms.CharField(
            label=_("Saran dan masukan (tidak wajib)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        )

    def unsur_fields(self) -> list[forms.BoundField]:
        return [self[u.key] for u in UNSUR_TEXT]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in ("sex", "age_group", "education", "occupation")]

    def answers(self) -> dict[str, int]:
        return {u.key: self.cleaned_data[u.key] for u in UNSUR_TEXT}

    def profile(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in ("sex", "age_group", "education", "occupation")}


class PaperSurveyForm(SurveyForm):
    """A paper questionnaire typed in by a supervisor: also the service and the date."""

    def __init__(self, *args, services: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"] = forms.ChoiceField(
            label=_("Layanan yang diterima"),
            choices=[("", "—"), *services],
            widget=forms.Select(attrs={"class": SELECT}),
        )
        self.fields["date"] = forms.DateField(
            label=_("Tanggal pada kuesioner"),
            initial=dt.date.today,
            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        )
        self.order_fields(["service", "date"])


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas spreadsheet (.xlsx)"),
        help_text=_("Gunakan templat di bawah; satu baris satu kuesioner."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["title", "unsur", "description", "state", "due_on", "is_published"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "description": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            "state": forms.Select(attrs={"class": SELECT}),
            "due_on": forms.DateInput(attrs={"type": "date", "class": "form-control"}),
            "is_published": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unsur"] = forms.ChoiceField(
            label=_("Unsur yang diperbaiki"),
            required=False,
            choices=[("", _("Umum")), *[(u.key, u.name) for u in UNSUR_TEXT]],
            widget=forms.Select(attrs={"class": SELECT}),
        )


class SettingsForm(forms.Form):
    weight = forms.ChoiceField(
        label=_("Bobot per unsur"),
        choices=Weight.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "PermenPANRB 14/2017 menetapkan bobot 1/9 untuk setiap unsur (tertulis 0,11). "
            "Banyak unit memakai 0,111; laporan selalu menyebut bobot yang dipakai."
        ),
    )
    coaching_threshold = forms.DecimalField(
        label=_("Batas nilai pembinaan (1–4)"),
        min_value=1,
        max_value=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1"}),
    )
    coaching_weeks = forms.IntegerField(
        label=_("Berapa minggu berturut-turut"),
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
