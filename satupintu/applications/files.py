"""Uploaded files: checked by content (not by name), images re-encoded, stored through
Django's storage API under unguessable names, with their SHA-256.

Storage: `storages["default"]` (FileSystemStorage under the data directory unless
settings.STORAGES says otherwise, e.g. an S3-compatible backend in production). The files
are never served from MEDIA_URL: only `views.download_file` hands them out, after
`applications.access.access_application`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
_EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    kind: str  # pdf, jpg or png
    original_name: str

    @property
    def content_type(self) -> str:
        return TYPES[self.kind]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def max_bytes() -> int:
    return int(getattr(settings, "APPLICATION_MAX_FILE_BYTES", MAX_BYTES))


def storage() -> Storage:
    return storages["default"]


def check_upload(upload, *, allowed: str = "") -> CheckedFile:
    """The file, checked and normalised, or ValidationError with a message for the citizen.

    `allowed` is the requirement's `file_types` ("pdf,jpg,png"; empty = all three).
    """
    name = PurePath(str(getattr(upload, "name", "") or "berkas")).name[:200]
    limit = max_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("Berkas terlalu besar. Ukuran paling besar %(mb)s MB.") % {"mb": limit // 1048576},
            code="file_too_large",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("Berkas terlalu besar."), code="file_too_large")
    if not data:
        raise ValidationError(_("Berkas kosong."), code="file_empty")
    if data.startswith(b"%PDF-"):
        kind, content = "pdf", _check_pdf(data)
    elif data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind, content = _normalise_image(data)
    else:
        raise ValidationError(
            _("Isi berkas bukan PDF, JPG atau PNG. Unggah dokumen hasil pindai atau foto."),
            code="file_type",
        )
    claimed = _EXTENSIONS.get(PurePath(name).suffix.lower().lstrip("."))
    if claimed is not None and claimed != kind:
        raise ValidationError(
            _("Isi berkas tidak sesuai dengan namanya (%(name)s).") % {"name": name},
            code="file_type_mismatch",
        )
    wanted = {_EXTENSIONS.get(t.strip().lower()) for t in allowed.split(",") if t.strip()}
    if wanted - {None} and kind not in wanted:
        raise ValidationError(
            _("Persyaratan ini hanya menerima berkas %(types)s.")
            % {"types": ", ".join(sorted(t.upper() for t in wanted if t))},
            code="file_type",
        )
    return CheckedFile(content=content, kind=kind, original_name=name)


def _check_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("PDF dikunci dengan kata sandi. Unggah PDF tanpa kata sandi."),
                code="file_encrypted",
            )
        if len(reader.pages) < 1:
            raise ValueError("no pages")
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError(
            _("PDF rusak atau tidak dapat dibaca. Coba simpan ulang lalu unggah lagi."),
            code="file_corrupt",
        ) from None
    return data


def _normalise_image(data: bytes) -> tuple[str, bytes]:
    """Re-encode a JPEG or PNG: turned upright, without EXIF (location, camera) or other
    metadata, and without anything appended after the image."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"JPEG", "PNG"}:
                raise UnidentifiedImageError
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("Gambar terlalu besar."), code="file_too_large")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if fmt == "JPEG":
                upright.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
                return "jpg", out.getvalue()
            if upright.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
                upright = upright.convert("RGBA")
            upright.save(out, "PNG", optimize=True)
            return "png", out.getvalue()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("Gambar rusak atau tidak dapat dibaca. Coba foto ulang lalu unggah lagi."),
            code="file_corrupt",
        ) from None


def save(checked: CheckedFile, *, mpp_id: int) -> str:
    """Store the file under a random name; returns the storage name."""
    name = f"applications/{mpp_id}/{secrets.token_urlsafe(24)}.{checked.kind}"
    return storage().save(name, ContentFile(checked.content))


def discard(names: list[str]) -> None:
    """Remove stored files whose database rows were rolled back."""
    for name in names:
        with contextlib.suppress(OSError):
            storage().delete(name)


# --- files kept between two tries of the apply form -------------------------------------
HELD_PREFIX = "applications/held/"


@dataclass(frozen=True)
class HeldFile:
    """A checked file of an application form that did not go through yet (another field
    had an error): kept so the citizen need not choose it again. Its name comes from the
    server (the citizen's session), never from the form."""

    storage_name: str
    original_name: str
    kind: str

    def as_dict(self) -> dict[str, str]:
        return {
            "storage_name": self.storage_name,
            "original_name": self.original_name,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: object) -> HeldFile | None:
        """The held file a session remembers, or None when it is malformed or gone."""
        if not isinstance(data, dict):
            return None
        name, original, kind = (
            str(data.get(k, "")) for k in ("storage_name", "original_name", "kind")
        )
        if not name.startswith(HELD_PREFIX) or ".." in name or kind not in TYPES:
            return None
        if not storage().exists(name):
            return None
        return cls(storage_name=name, original_name=original[:200], kind=kind)


def held_session_key(mpp_id: int, service_code: str) -> str:
    """Where a citizen's session keeps the held files of one apply form."""
    return f"applications.held.{mpp_id}.{service_code}"


def held_in_session(session, key: str) -> dict[str, HeldFile]:
    """The files a session keeps for one apply form, by requirement (those still stored)."""
    kept = {}
    for slot, data in (session.get(key) or {}).items():
        item = HeldFile.from_dict(data)
        if item is not None:
            kept[str(slot)] = item
    return kept


def hold(checked: CheckedFile, *, mpp_id: int) -> HeldFile:
    name = f"{HELD_PREFIX}{mpp_id}/{secrets.token_urlsafe(24)}.{checked.kind}"
    stored = storage().save(name, ContentFile(checked.content))
    return HeldFile(storage_name=stored, original_name=checked.original_name, kind=checked.kind)


def take_held(held: HeldFile) -> CheckedFile:
    """The held file's content, to be stored for an application (it was checked when held)."""
    with storage().open(held.storage_name, "rb") as handle:
        content = handle.read()
    return CheckedFile(content=content, kind=held.kind, original_name=held.original_name)


def sweep_held(older_than: dt.datetime) -> int:
    """Remove held files older than `older_than` (forms abandoned after an error)."""
    removed = 0
    store = storage()
    try:
        folders, _files = store.listdir(HELD_PREFIX)
    except (OSError, NotImplementedError):
        return 0
    for folder in folders:
        for name in store.listdir(f"{HELD_PREFIX}{folder}")[1]:
            path = f"{HELD_PREFIX}{folder}/{name}"
            with contextlib.suppress(OSError, NotImplementedError):
                if store.get_modified_time(path) < older_than:
                    store.delete(path)
                    removed += 1
    return removed
