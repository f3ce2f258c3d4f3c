from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Sign in with an e-mail address or a phone number."""

    username = forms.CharField(
        label=_("E-mail atau nomor telepon"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "E-mail/nomor telepon atau kata sandi salah. Periksa kembali lalu coba lagi."
        ),
        "inactive": _("Akun ini tidak aktif."),
    }


class PhoneForm(forms.Form):
    """The number a sign-in code goes to (checked by accounts/codes.py)."""

    phone = forms.CharField(
        label=_("Nomor ponsel"),
        max_length=30,
        error_messages={"required": _("Masukkan nomor ponsel.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Kode dari pesan"),
        regex=r"^\s*\d{6}\s*$",
        strip=True,
        error_messages={
            "invalid": _("Kode terdiri dari 6 angka."),
            "required": _("Masukkan kode 6 angka dari pesan."),
        },
    )


class CounterStatusForm(forms.Form):
    is_active = forms.TypedChoiceField(
        choices=[("1", _("Buka")), ("0", _("Tutup"))], coerce=lambda v: v == "1"
    )
    # closing happens only once the officer has answered "Tutup loket 3?" (the staff room)
    confirm = forms.BooleanField(required=False)
