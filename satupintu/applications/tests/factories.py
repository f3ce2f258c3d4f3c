"""Online-application test data, made through the services."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.catalog.models import Category, Service
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.standard import RequirementData
from satupintu.catalog.tests.factories import FIRST, content
from satupintu.tenancy.models import Booth

NIK = "3302014501900001"
PHONE = "0812-3456-7890"
REQUIREMENTS = (
    RequirementData("Surat keterangan kelahiran", uploadable=True, file_types="pdf,jpg,png"),
    RequirementData("KK orang tua", uploadable=True, file_types="pdf,jpg,png"),
    RequirementData("Buku nikah orang tua", uploadable=True, is_optional=True),
    RequirementData("Hadir di loket untuk tanda tangan", form="none"),
)


def online_service(
    booth: Booth, *, code: str = "A50", days: int = 5, fully_online: bool = False
) -> Service:
    ensure_default_categories()
    return create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code=code,
        standard_key=f"akta-{code.lower()}",
        category=Category.objects.get(slug="kependudukan"),
        content=content(
            name="Penerbitan kutipan akta kelahiran",
            processing_time_value=days,
            processing_time_unit="working_days",
            requirements=REQUIREMENTS,
        ),
        meta=FIRST,
        online_application=True,
        fully_online=fully_online,
    )


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", *, exif: bool = False) -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "KameraRahasia"  # Make
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(name: str = "berkas.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data)


def applicant(**overrides) -> services.Applicant:
    values = {"name": "Siti Aminah", "nik": NIK, "phone": PHONE, "email": "siti@uji.test"}
    values.update(overrides)
    return services.Applicant(**values)


def draft(user, service: Service, **kwargs) -> Application:
    return services.create_application(
        user=user,
        mpp=service.mpp,
        service_code=service.code,
        applicant=applicant(),
        **kwargs,
    )


def submitted(user, service: Service) -> Application:
    return draft(
        user, service, uploads={"p1": upload("lahir.pdf"), "p2": upload("kk.pdf")}, submit=True
    )
