"""Uploads are checked by content: forged extensions, broken files, size; images lose EXIF;
a failed upload leaves nothing behind."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from satupintu.applications import files, services
from satupintu.applications.models import Application, ApplicationFile
from satupintu.applications.services import submission
from satupintu.applications.tests.factories import (
    applicant,
    draft,
    image_bytes,
    online_service,
    pdf_bytes,
    upload,
)


@pytest.fixture
def storage_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("ktp.pdf", b"MZ\x90\x00 this is a windows program", "file_type"),
        ("foto.jpg", b"<html><script>alert(1)</script></html>", "file_type"),
        ("kk.pdf", image_bytes("PNG"), "file_type_mismatch"),  # a PNG renamed .pdf
        ("kk.png", pdf_bytes(), "file_type_mismatch"),
        ("rusak.pdf", b"%PDF-1.7\n garbage without any objects", "file_corrupt"),
        ("rusak.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "file_corrupt"),
        ("kosong.pdf", b"", "file_empty"),
    ],
)
def test_bad_files_are_refused_by_content(name, data, code):
    with pytest.raises(ValidationError) as caught:
        files.check_upload(upload(name, data))
    assert caught.value.code == code
    assert caught.value.messages[0]  # a message for the citizen


def test_size_limit(settings):
    settings.APPLICATION_MAX_FILE_BYTES = 1000
    with pytest.raises(ValidationError, match="terlalu besar"):
        files.check_upload(upload("besar.pdf", pdf_bytes() + b"\n%" + b"x" * 2000))


def test_requirement_file_types_are_respected():
    with pytest.raises(ValidationError, match="PDF"):
        files.check_upload(upload("foto.png", image_bytes("PNG")), allowed="pdf")


def test_jpeg_is_reencoded_without_exif():
    original = image_bytes("JPEG", exif=True)
    assert b"KameraRahasia" in original
    checked = files.check_upload(upload("foto.jpeg", original))
    assert checked.kind == "jpg" and b"KameraRahasia" not in checked.content
    assert Image.open(io.BytesIO(checked.content)).size == (40, 30)


def test_file_without_known_extension_is_typed_by_content():
    assert files.check_upload(upload("scan", pdf_bytes())).content_type == "application/pdf"


def test_stored_file_has_random_name_and_sha256(personas, storage_dir):
    service = online_service(personas.counter_xa.booth)
    app = draft(personas.citizen, service, uploads={"p1": upload("akta lahir.pdf")})
    item = app.files.get()
    assert "akta" not in item.storage_name and len(item.storage_name.split("/")[-1]) >= 32
    stored = (storage_dir / item.storage_name).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == item.sha256
    assert item.original_name == "akta lahir.pdf" and item.content_type == "application/pdf"


def test_a_bad_file_leaves_no_application_and_no_stored_file(personas, storage_dir):
    service = online_service(personas.counter_xa.booth)
    with pytest.raises(ValidationError) as caught:
        draft(
            personas.citizen,
            service,
            uploads={"p1": upload("ok.pdf"), "p2": upload("kk.pdf", b"not a pdf")},
            submit=True,
        )
    assert "files.p2" in caught.value.message_dict
    assert Application.objects.count() == 0 and ApplicationFile.objects.count() == 0
    assert stored_files(storage_dir) == []


def test_a_failure_after_storing_removes_the_stored_files(personas, storage_dir, monkeypatch):
    service = online_service(personas.counter_xa.booth)

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(submission, "_submit", boom)
    with pytest.raises(RuntimeError):
        draft(personas.citizen, service, uploads={"p1": upload(), "p2": upload()}, submit=True)
    assert Application.objects.count() == 0
    assert stored_files(storage_dir) == []


def test_invalid_applicant_and_fields_are_reported_per_field(personas):
    service = online_service(personas.counter_xa.booth)
    from satupintu.applications.models import FormDefinition

    FormDefinition.objects.create(
        mpp=service.mpp,
        service=service,
        fields=[
            {"key": "nama_anak", "label": "Nama anak", "type": "text", "required": True},
            {"key": "tanggal_lahir", "label": "Tanggal lahir", "type": "date", "required": True},
        ],
    )
    with pytest.raises(ValidationError) as caught:
        services.create_application(
            user=personas.citizen,
            mpp=service.mpp,
            service_code=service.code,
            applicant=applicant(nik="1234", phone="12"),
            fields={"tanggal_lahir": "31-02-2025", "lain": "x"},
        )
    assert set(caught.value.message_dict) == {
        "applicant.nik",
        "applicant.phone",
        "fields.nama_anak",
        "fields.tanggal_lahir",
        "fields.lain",
    }
