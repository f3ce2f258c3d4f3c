"""Demo data for online applications: form definitions for a few Dindukcapil services and
a handful of applications by the demo citizens in different states, each moved there
through the services (so history, deadlines and notifications are real). Idempotent."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from satupintu.accounts.models import Role, User
from satupintu.applications import services
from satupintu.applications.models import Application, FormDefinition
from satupintu.applications.selectors import requirement_slots
from satupintu.catalog.models import Service
from satupintu.tenancy.models import Mpp

# Services that take online applications in the demo (Service.online_application is set
# by the catalog seed for their agencies) and the extra fields their forms ask for.
FORMS: dict[str, list[dict]] = {
    "A05": [  # kutipan akta kelahiran
        {"key": "nama_anak", "label": "Nama lengkap anak", "type": "text", "required": True},
        {"key": "tanggal_lahir", "label": "Tanggal lahir anak", "type": "date", "required": True},
        {"key": "tempat_lahir", "label": "Tempat lahir", "type": "text", "required": True},
        {
            "key": "jenis_kelamin",
            "label": "Jenis kelamin anak",
            "type": "choice",
            "choices": ["Laki-laki", "Perempuan"],
            "required": True,
        },
        {"key": "anak_ke", "label": "Anak ke-", "type": "number", "min": 1, "max": 20},
    ],
    "A03": [  # KK baru
        {"key": "alamat", "label": "Alamat KK baru", "type": "address", "required": True},
        {"key": "nik_pasangan", "label": "NIK suami/istri", "type": "nik", "required": False},
    ],
    "A04": [  # perubahan data KK
        {
            "key": "perubahan",
            "label": "Jenis perubahan",
            "type": "choice",
            "choices": ["Penambahan anggota keluarga", "Pengurangan anggota keluarga"],
            "required": True,
        },
        {"key": "nama_anggota", "label": "Nama anggota keluarga", "type": "text", "required": True},
    ],
}
ANSWERS: dict[str, dict[str, Any]] = {
    "A05": {
        "nama_anak": "Aisyah Putri Santoso",
        "tanggal_lahir": "2026-10-02",
        "tempat_lahir": "Purwokerto",
        "jenis_kelamin": "Perempuan",
        "anak_ke": "2",
    },
    "A03": {
        "alamat": {
            "street": "Jl. Overste Isdiman No. 12, RT 03/RW 05",
            "region_code": "33.02.24.1005",
        }
    },
    "A04": {"perubahan": "Penambahan anggota keluarga", "nama_anggota": "Aisyah Putri Santoso"},
}


def _scan(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (620, 400), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 610, 390), outline=(60, 60, 60), width=3)
    draw.text((30, 30), f"CONTOH DOKUMEN DEMO\n{title}", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("pindaian.jpg", out.getvalue())


def _create(user: User, mpp: Mpp, code: str, phone: str, name: str, nik: str) -> Application:
    service = services.online_service(mpp, code)
    version = service.current  # type: ignore[attr-defined]
    # A demo applicant gives the first answer to each condition question.
    answers = {q.text: q.option_list[0] for q in version.questions.all()}
    uploads = {
        slot.key: _scan(slot.name)
        for slot in requirement_slots(version)
        if slot.uploadable
        and not slot.optional
        and (not slot.answers or any(a in slot.answers for a in answers.values()))
    }
    return services.create_application(
        user=user,
        mpp=mpp,
        service_code=code,
        applicant=services.Applicant(name=name, phone=phone, nik=nik, email=user.email or ""),
        fields=ANSWERS.get(code, {}),
        conditions=answers,
        uploads=uploads,
        submit=True,
    )


def _accept_all(officer: User, app: Application) -> None:
    services.decide_files(
        user=officer,
        application=app,
        decisions=[
            services.FileDecision(f.requirement_key, True)
            for f in services.current_files(app).values()
        ],
    )


def seed(mpp: Mpp) -> None:
    """Make the demo MPP's applications look lived-in; idempotent."""
    for code, fields in FORMS.items():
        service = Service.objects.filter(mpp=mpp, code=code, online_application=True).first()
        if service is not None:
            FormDefinition.objects.update_or_create(
                service=service, defaults={"mpp": mpp, "fields": fields}
            )
    if Application.objects.filter(mpp=mpp).exists():
        return
    citizens = list(User.objects.filter(role=Role.CITIZEN, is_active=True).order_by("pk")[:2])
    officer = (
        User.objects.filter(role=Role.OFFICER, mpp=mpp, agency__code="DINDUKCAPIL")
        .order_by("pk")
        .first()
    )
    if len(citizens) < 2 or officer is None:
        return
    budi, sri = citizens
    budi_phone, sri_phone = budi.phone or "081234567801", sri.phone or "081234567802"

    # Budi: a birth certificate just submitted, waiting for the officer.
    _create(budi, mpp, "A05", budi_phone, budi.full_name, "3302011203880003")
    # Budi: a family-card change where one file needs replacing.
    app = _create(budi, mpp, "A04", budi_phone, budi.full_name, "3302011203880003")
    first, *rest = services.current_files(app).values()
    services.decide_files(
        user=officer,
        application=app,
        decisions=[
            services.FileDecision(
                first.requirement_key, False, "Foto buram, tulisan tidak terbaca"
            ),
            *[services.FileDecision(f.requirement_key, True) for f in rest],
        ],
    )
    services.request_revision(user=officer, application=app, note="Mohon foto ulang KK lama.")
    # Budi: a new family card, ready for pick-up.
    app = _create(budi, mpp, "A03", budi_phone, budi.full_name, "3302011203880003")
    _accept_all(officer, app)
    services.verify_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    # Sri: verified, invited to come for the on-site step; and one completed by post.
    app = _create(sri, mpp, "A05", sri_phone, sri.full_name, "3302016504910002")
    _accept_all(officer, app)
    services.verify_application(user=officer, application=app)
    app = _create(sri, mpp, "A05", sri_phone, sri.full_name, "3302016504910002")
    _accept_all(officer, app)
    services.verify_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    services.hand_over(
        user=officer,
        application=app,
        method="delivery",
        courier="Pos Indonesia",
        receipt_number="PE052611903ID",
    )
