"""People and devices that use satupintu, their roles and their API tokens.

One user model from day one: citizens, officers, supervisors, operators and
devices (kiosk, display board, rating tablet) are all `User` rows with a role.
People sign in with an e-mail address or a phone number; devices never sign in
with a password, only with a revocable API token.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.core.identifiers import validate_phone


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Warga")
    OFFICER = "officer", _("Petugas loket")
    SUPERVISOR = "supervisor", _("Pengelola MPP")
    OPERATOR = "operator", _("Operator platform")
    KIOSK = "kiosk", _("Kios antrian")
    DISPLAY = "display", _("Layar antrian")
    TABLET = "tablet", _("Tablet penilaian")


DEVICE_ROLES = frozenset({Role.KIOSK, Role.DISPLAY, Role.TABLET})
STAFF_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        from satupintu.accounts.selectors import user_by_login

        user = user_by_login(username or "")
        if user is None:
            raise self.model.DoesNotExist
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **extra) -> User:
        from satupintu.accounts.services import create_user

        return create_user(email=email, password=password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        from satupintu.accounts.services import create_user

        extra.setdefault("full_name", "Operator")
        return create_user(email=email, password=password, role=Role.OPERATOR, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("nomor telepon"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_phone],
        help_text=_("Disimpan dalam format +62…"),
    )
    # empty for a citizen who signed up with a code and has not given a name yet
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    role = models.CharField(_("peran"), max_length=12, choices=Role, default=Role.CITIZEN)
    mpp = models.ForeignKey(
        "tenancy.Mpp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Untuk petugas, pengelola dan perangkat."),
    )
    agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("Untuk petugas loket."),
    )
    counters = models.ManyToManyField(
        "tenancy.Counter",
        blank=True,
        related_name="staff",
        help_text=_("Loket yang boleh dilayani petugas, atau loket tempat tablet dipasang."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # set when the citizen proved the number with a one-time code (accounts/codes.py)
    phone_verified_at = models.DateTimeField(_("nomor terverifikasi"), null=True, blank=True)
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_login",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["citizen", "operator"]) | Q(mpp__isnull=False),
                name="user_staff_and_devices_belong_to_mpp",
            ),
            models.CheckConstraint(
                condition=~Q(role="officer") | Q(agency__isnull=False),
                name="user_officer_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.login

    @property
    def login(self) -> str:
        return self.email or self.phone or ""

    @property
    def is_staff(self) -> bool:  # Django admin access
        return self.role == Role.OPERATOR and self.is_active

    @property
    def is_device(self) -> bool:
        return self.role in DEVICE_ROLES

    def clean(self) -> None:
        super().clean()
        if self.email:
            self.email = self.email.strip().lower()
        if self.role == Role.OFFICER and not self.agency_id:
            raise ValidationError({"agency": _("Petugas loket harus terhubung ke satu instansi.")})
        if self.role not in {Role.CITIZEN, Role.OPERATOR} and not self.mpp_id:
            raise ValidationError({"mpp": _("Peran ini harus terhubung ke satu MPP.")})


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the plain token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(_("awalan"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SignInCode(models.Model):
    """The one live sign-in code of a phone number (accounts/codes.py): only a keyed hash of
    the six digits is kept; a new request overwrites the row, so a number never has two."""

    phone = models.CharField(_("nomor telepon"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    wrong_tries = models.PositiveSmallIntegerField(_("percobaan salah"), default=0)
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("kode masuk")
        verbose_name_plural = _("kode masuk")

    def __str__(self) -> str:
        return f"{self.phone} ({self.expires_at:%H:%M})"
