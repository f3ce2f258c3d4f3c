"""Forms of the staff catalog editor: the standard, its lists, and why and when it applies.

The editor is several forms and three formsets posted together. "Tambah baris" is a
submit button, not JavaScript: the page comes back with the typed values kept and one
empty row more, focused (autofocus also scrolls it into view). Every field gets its
label, help and error tied to it with aria-describedby (Django does that for
`{{ field }}`); errors also appear in a summary at the top that links to each field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from satupintu.catalog import conditions
from satupintu.catalog.models import (
    Category,
    ConditionQuestion,
    FeeKind,
    FeeVariant,
    ProcedureStep,
    Requirement,
    Service,
    ServiceVersion,
)
from satupintu.catalog.standard import (
    FeeVariantData,
    QuestionData,
    RequirementData,
    ServiceSettings,
    StandardContent,
    StepData,
    VersionMeta,
)
from satupintu.tenancy.models import Agency, Mpp

FLAGS = ("uses_queue", "uses_appointment", "online_application", "fully_online")
LONG_TEXT = {"description", "fee_legal_basis", "complaint_handling", "legal_basis"}


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and `is-invalid` on the ones with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        mark_invalid(self)


# Bootstrap's .form-select draws its arrow as a background image, over which axe cannot
# decide the text contrast; a native select with Bootstrap's border and padding can be.
SELECT_CSS = "d-block w-100 border rounded bg-body px-2 py-2"


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = SELECT_CSS
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = css


def mark_invalid(form: forms.BaseForm) -> None:
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class StyledModelForm(forms.ModelForm):
    # A row of a list: columns of the grid, each with the fields stacked in it.
    LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        mark_invalid(self)

    def layout(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(css, [self[n] for n in names if n in self.fields]) for css, names in self.LAYOUT]


# --- the parts of a standard ----------------------------------------------------------
class StandardForm(StyledModelForm):
    """Every scalar component of PermenPANRB 15/2014; never saved as a model (versions
    are published by `revise_service`), only validated with the model's own limits."""

    class Meta:
        model = ServiceVersion
        fields = StandardContent.text_fields()
        widgets = {
            name: forms.Textarea(attrs={"rows": 4 if name in LONG_TEXT else 2})
            for name in [
                "description",
                "fee_legal_basis",
                "complaint_handling",
                "legal_basis",
                "facilities",
                "staff_competence",
                "internal_supervision",
                "service_guarantee",
                "safety_guarantee",
                "performance_evaluation",
            ]
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fee_kind") == FeeKind.FIXED and data.get("fee_rupiah") is None:
            self.add_error("fee_rupiah", _("Biaya tetap harus diisi nominalnya (0 bila gratis)."))
        if data.get("processing_time_value") is not None and not data.get("processing_time_unit"):
            self.add_error("processing_time_unit", _("Pilih satuan jangka waktu."))
        return data


class RequirementForm(StyledModelForm):
    count = forms.IntegerField(
        label=_("Jumlah"),
        min_value=1,
        initial=1,
        error_messages={"min_value": _("Jumlah paling sedikit 1.")},
    )

    class Meta:
        model = Requirement
        fields = [
            "name",
            "form",
            "count",
            "notes",
            "is_optional",
            "uploadable",
            "file_types",
            "applies_when",
        ]

    LAYOUT = (
        ("col-12 col-lg-6", ("name",)),
        ("col-8 col-lg-4", ("form",)),
        ("col-4 col-lg-2", ("count",)),
        ("col-12 col-lg-6", ("notes",)),
        ("col-6 col-lg-3", ("file_types",)),
        ("col-6 col-lg-3 pt-lg-4", ("is_optional", "uploadable", "DELETE")),
        ("col-12", ("applies_when",)),
    )

    def clean_file_types(self) -> str:
        raw = self.cleaned_data.get("file_types", "")
        types = [t.strip().lstrip(".").lower() for t in raw.split(",") if t.strip()]
        if any(not re.fullmatch(r"[a-z0-9]{1,5}", t) for t in types):
            raise forms.ValidationError(_("Tulis jenis berkas dipisah koma, misalnya pdf,jpg."))
        return ",".join(types)


class QuestionForm(StyledModelForm):
    class Meta:
        model = ConditionQuestion
        fields = ["text", "options"]

    LAYOUT = (
        ("col-12 col-lg-5", ("text",)),
        ("col-12 col-lg-5", ("options",)),
        ("col-12 col-lg-2 pt-lg-4", ("DELETE",)),
    )


class StepForm(StyledModelForm):
    class Meta:
        model = ProcedureStep
        fields = ["description", "actor"]

    LAYOUT = (
        ("col-12 col-lg-6", ("description",)),
        ("col-8 col-lg-4", ("actor",)),
        ("col-4 col-lg-2 pt-lg-4", ("DELETE",)),
    )


class FeeVariantForm(StyledModelForm):
    class Meta:
        model = FeeVariant
        fields = ["name", "amount_rupiah", "legal_basis"]

    LAYOUT = (
        ("col-12 col-lg-4", ("name",)),
        ("col-6 col-lg-2", ("amount_rupiah",)),
        ("col-6 col-lg-4", ("legal_basis",)),
        ("col-12 col-lg-2 pt-lg-4", ("DELETE",)),
    )


class RowFormSet(forms.BaseFormSet):
    """Rows of a list. Every row counts as new, so a row left blank is simply dropped and
    a row can be removed with its "Hapus" box; order is the order on the page."""

    def initial_form_count(self) -> int:
        return 0

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Hapus baris ini")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def items(self) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def _formset(form: type[forms.BaseForm]) -> type[RowFormSet]:
    formset = forms.formset_factory(form, formset=RowFormSet, extra=0, can_delete=True)
    return cast(type[RowFormSet], formset)


@dataclass(frozen=True)
class ListSpec:
    formset: type[RowFormSet]
    anchor: str  # the section's id
    row_title: Any  # "Persyaratan" → legend "Persyaratan 2"
    add_label: Any


LISTS: dict[str, ListSpec] = {
    "requirements": ListSpec(
        _formset(RequirementForm), "persyaratan", _("Persyaratan"), _("Tambah persyaratan")
    ),
    "questions": ListSpec(
        _formset(QuestionForm),
        "pertanyaan-syarat",
        _("Pertanyaan syarat"),
        _("Tambah pertanyaan syarat"),
    ),
    "steps": ListSpec(_formset(StepForm), "prosedur", _("Langkah"), _("Tambah langkah")),
    "fee_variants": ListSpec(
        _formset(FeeVariantForm), "varian-biaya", _("Varian biaya"), _("Tambah varian biaya")
    ),
}


# --- what a service is, why and when -------------------------------------------------
class SettingsForm(StyledForm):
    category = forms.ModelChoiceField(
        Category.objects.all(), to_field_name="slug", empty_label=None, label=_("Kategori")
    )
    uses_queue = forms.BooleanField(required=False, label=_("Dengan nomor antrian"))
    uses_appointment = forms.BooleanField(required=False, label=_("Dengan janji temu"))
    online_application = forms.BooleanField(required=False, label=_("Permohonan daring"))
    fully_online = forms.BooleanField(required=False, label=_("Sepenuhnya daring"))


class IdentityForm(StyledForm):
    """Only for a new service: its code, agency and national key are fixed afterwards."""

    code = forms.RegexField(
        regex=r"^[A-Za-z]{1,3}\d{2,3}$",
        max_length=6,
        label=_("Kode layanan"),
        help_text=_("1–3 huruf dan 2–3 angka, misalnya A12. Tidak dapat diubah nanti."),
        error_messages={"invalid": _("Tulis 1–3 huruf lalu 2–3 angka, misalnya A12.")},
    )
    agency = forms.ModelChoiceField(
        Agency.objects.none(),
        to_field_name="code",
        label=_("Instansi"),
        error_messages={"invalid_choice": _("Pilih instansi yang memiliki gerai di MPP ini.")},
    )
    standard_key = forms.SlugField(
        required=False,
        max_length=80,
        label=_("Kunci layanan nasional"),
        help_text=_("Sama untuk layanan yang sama di MPP lain. Kosongkan untuk dibuat dari nama."),
    )

    def __init__(self, *args: Any, mpp: Mpp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mpp = mpp
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = Agency.objects.filter(booths__mpp=mpp).order_by("name")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].upper()
        if Service.objects.filter(mpp=self.mpp, code=code).exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai layanan lain di MPP ini."))
        return code


class MetaForm(StyledForm):
    reason = forms.CharField(
        max_length=300,
        label=_("Alasan perubahan"),
        help_text=_("Tampil di riwayat perubahan, misalnya: Penyesuaian Perda tarif 2027."),
        error_messages={"required": _("Tulis alasan perubahan.")},
    )
    effective_from = forms.DateField(
        label=_("Berlaku sejak"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal mulai berlaku."),
            "invalid": _("Tulis tanggal seperti 2027-01-01."),
        },
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)


# --- the editor: all of it bound together ---------------------------------------------
@dataclass
class Editor:
    settings: SettingsForm
    standard: StandardForm
    lists: dict[str, RowFormSet]
    meta: MetaForm
    identity: IdentityForm | None = None

    @property
    def forms(self) -> list[forms.BaseForm]:
        own = [self.settings, self.standard, self.meta]
        return ([self.identity] if self.identity else []) + own

    @classmethod
    def start(
        cls,
        mpp: Mpp,
        *,
        content: StandardContent | None,
        settings: ServiceSettings | None,
        meta: dict[str, Any],
        new: bool = False,
    ) -> Editor:
        """An unbound editor filled from a published version (or empty for a new one)."""
        values = {n: getattr(content, n) for n in StandardContent.text_fields()} if content else {}
        rows = {
            name: [vars(item) for item in getattr(content, name)] if content else []
            for name in LISTS
        }
        if not content:
            rows = {name: [{}] for name in LISTS}
        return cls(
            settings=SettingsForm(initial=vars(settings) if settings else {"uses_queue": True}),
            standard=StandardForm(initial=values),
            lists={name: _unbound(name, rows[name], extra=len(rows[name])) for name in LISTS},
            meta=MetaForm(initial=meta),
            identity=IdentityForm(mpp=mpp) if new else None,
        )

    @classmethod
    def bind(cls, mpp: Mpp, data: Any, *, new: bool = False) -> Editor:
        return cls(
            settings=SettingsForm(data),
            standard=StandardForm(data),
            lists={name: spec.formset(data, prefix=name) for name, spec in LISTS.items()},
            meta=MetaForm(data),
            identity=IdentityForm(data, mpp=mpp) if new else None,
        )

    def with_row_added(self, mpp: Mpp, which: str) -> Editor:
        """The same editor unbound, with what was typed kept and one empty row more in
        `which`; no errors are shown for a half-filled form."""
        lists = {}
        for name, formset in self.lists.items():
            rows = [
                {field: form[field].value() for field in form.fields if field != "DELETE"}
                for form in formset.forms
                if not form["DELETE"].value()
            ]
            lists[name] = _unbound(
                name, rows, extra=len(rows) + (name == which), focus_last=name == which
            )

        def raw(form: forms.BaseForm) -> dict[str, Any]:
            return {name: form[name].value() for name in form.fields}

        identity = None
        if self.identity is not None:
            identity = IdentityForm(initial=raw(self.identity), mpp=mpp)
        return Editor(
            settings=SettingsForm(initial=raw(self.settings)),
            standard=StandardForm(initial=raw(self.standard)),
            lists=lists,
            meta=MetaForm(initial=raw(self.meta)),
            identity=identity,
        )

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]
        results += [formset.is_valid() for formset in self.lists.values()]
        if all(results):
            content = self.content()
            for message in conditions.problems(content.questions, content.requirements):
                self.meta.add_error(None, message)
                results.append(False)
        return all(results)

    # what the editor says, once valid
    def content(self) -> StandardContent:
        data = self.standard.cleaned_data
        return StandardContent(
            **{name: data[name] for name in StandardContent.text_fields()},
            requirements=tuple(RequirementData(**i) for i in self.lists["requirements"].items()),
            steps=tuple(StepData(**i) for i in self.lists["steps"].items()),
            fee_variants=tuple(FeeVariantData(**i) for i in self.lists["fee_variants"].items()),
            questions=tuple(QuestionData(**i) for i in self.lists["questions"].items()),
        )

    def service_settings(self) -> ServiceSettings:
        data = self.settings.cleaned_data
        return ServiceSettings(category=data["category"].slug, **{f: data[f] for f in FLAGS})

    def version_meta(self) -> VersionMeta:
        data = self.meta.cleaned_data
        return VersionMeta(reason=data["reason"], effective_from=data["effective_from"])

    def based_on(self) -> int | None:
        return self.meta.cleaned_data.get("based_on")

    def standard_key(self) -> str:
        assert self.identity is not None  # noqa: S101 - only asked of a new service's editor
        given = self.identity.cleaned_data.get("standard_key")
        return given or slugify(self.standard.cleaned_data["name"])[:80]

    def refuse(self, message: str) -> None:
        """A refusal from the service (a version published meanwhile, nothing changed)."""
        self.meta.add_error(None, message)

    # what the page shows
    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error, in page order, for the summary."""
        found = []
        for form in self.forms:
            found += [("", "", str(e)) for e in form.non_field_errors()]
            found += _field_errors(form, "")
        for name, formset in self.lists.items():
            for number, form in enumerate(formset.forms, start=1):
                found += _field_errors(form, f"{LISTS[name].row_title} {number}: ")
        return found


def _field_errors(form: forms.BaseForm, prefix: str) -> list[tuple[str, str, str]]:
    if not form.is_bound:
        return []
    return [
        (form[name].auto_id, f"{prefix}{form[name].label}", str(message))
        for name, messages in form.errors.items()
        if name in form.fields
        for message in messages
    ]


def _unbound(name: str, rows: list[dict], *, extra: int, focus_last: bool = False) -> RowFormSet:
    formset = LISTS[name].formset(initial=rows or None, prefix=name)
    formset.extra = extra
    if focus_last and formset.forms:
        first_field = next(iter(formset.forms[-1].fields.values()))
        first_field.widget.attrs["autofocus"] = True
    return formset


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Berkas katalog"),
        help_text=_("XLSX, CSV (UTF-8) atau JSON, paling besar 5 MB. Contohnya: hasil ekspor."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json"}),
    )
    reason = MetaForm.base_fields["reason"]
    effective_from = MetaForm.base_fields["effective_from"]
