"""Demo complaints at the demo MPP, one or more in every state, made through the
complaint services (a dozen complaints: fast), so the complaint officer's work list,
an agency's list and the tracking page show something lived-in. Idempotent: nothing
happens when the MPP already has complaints."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service
from satupintu.complaints import services
from satupintu.complaints.models import Complaint
from satupintu.tenancy.models import Mpp

REPORTERS = [
    services.Reporter(name="Sri Wahyuni", phone="081390000101", email="sri@warga.test"),
    services.Reporter(name="Joko Susilo", phone="081390000102"),
    services.Reporter(name="Ani Marlina", phone="", email="ani@warga.test"),
]
TEXTS = {
    "received": "Nomor antrian saya dilewati di loket Disdukcapil, padahal saya sudah menunggu.",
    "overdue": "Petugas loket Disdukcapil meminta uang tambahan untuk mempercepat KTP-el.",
    "postponed": "KTP-el saya salah cetak nama dan belum juga diperbaiki.",
    "verified": "Persyaratan pindah domisili di situs berbeda dengan yang diminta petugas.",
    "forwarded": "Pencetakan KK baru sudah dua minggu belum selesai juga.",
    "follow_up": "Petugas berbicara kasar ketika saya bertanya tentang akta kelahiran.",
    "answered": "Blangko KTP-el dikatakan habis sejak bulan lalu.",
    "reopen": "Antrian Disdukcapil terlalu lama, lebih dari tiga jam menunggu.",
    "closed": "Formulir perubahan data KK tidak tersedia di meja informasi.",
    "rejected": "Saya mau komplain saja.",
    "merged": "Pencetakan KK juga lama, sudah dua minggu lebih.",
    "referred": "Jalan di depan rumah saya rusak parah dan berlubang.",
    "aspiration": "Mohon disediakan ruang laktasi dan kursi roda di lantai dua.",
}


def _new(mpp: Mpp, key: str, service: Service | None, at: dt.datetime, n: int, **kw) -> Complaint:
    return services.submit_complaint(
        mpp=mpp,
        kind=kw.pop("kind", "pengaduan"),
        text=TEXTS[key],
        service=service,
        reporter=REPORTERS[n % len(REPORTERS)] if not kw.get("anonymous") else None,
        now=at,
        **kw,
    )


def seed(mpp: Mpp) -> None:
    if Complaint.objects.filter(mpp=mpp).exists():
        return
    desk = User.objects.filter(role=Role.SUPERVISOR, mpp=mpp, is_active=True).order_by("pk").first()
    officer = (
        User.objects.filter(role=Role.OFFICER, mpp=mpp, agency__code="DINDUKCAPIL")
        .order_by("pk")
        .first()
    )
    service = (
        Service.objects.filter(mpp=mpp, agency__code="DINDUKCAPIL", is_active=True)
        .order_by("code")
        .first()
    )
    if desk is None or officer is None or service is None:
        return
    agency = service.agency
    now = timezone.now()
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731

    def forwarded(key: str, n: int, age: int, **kw) -> Complaint:
        item = _new(mpp, key, service, days(age), n, **kw)
        services.verify_complaint(
            user=desk, complaint=item, category=item.suggested_category or "lainnya",
            agency=agency, now=days(age - 1),
        )  # fmt: skip
        return services.forward_complaint(user=desk, complaint=item, now=days(age - 1))

    _new(mpp, "received", service, days(0), 0)
    _new(mpp, "overdue", service, days(9), 1, confidential=True)
    postponed = _new(mpp, "postponed", service, days(2), 2)
    services.postpone_complaint(
        user=desk, complaint=postponed, question="Mohon kirim foto KTP-el yang salah cetak.",
        now=days(1),
    )  # fmt: skip
    verified = _new(mpp, "verified", service, days(1), 0)
    services.verify_complaint(
        user=desk, complaint=verified, category="prosedur", agency=agency, now=days(0)
    )
    main = forwarded("forwarded", 1, 4)
    follow = forwarded("follow_up", 2, 5, confidential=True)
    services.start_follow_up(user=officer, complaint=follow, note="Sedang kami periksa.")
    answered = forwarded("answered", 0, 8)
    services.answer_complaint(
        user=officer, complaint=answered, answer="Blangko sudah tersedia lagi sejak hari ini.",
        now=days(3),
    )  # fmt: skip
    reopen = forwarded("reopen", 1, 10, anonymous=True)
    services.answer_complaint(
        user=officer, complaint=reopen, answer="Kami menambah satu loket pada jam sibuk.",
        now=days(4),
    )  # fmt: skip
    services.request_reopen(
        code=reopen.tracking_code, reason="Hari ini tetap menunggu lebih dari dua jam.",
        now=days(1),
    )  # fmt: skip
    closed = forwarded("closed", 2, 20)
    services.answer_complaint(
        user=officer, complaint=closed, answer="Formulir sudah disediakan di meja informasi.",
        now=days(16),
    )  # fmt: skip
    services.close_complaint(user=desk, complaint=closed, now=days(2))
    rejected = _new(mpp, "rejected", None, days(6), 0)
    services.reject_complaint(
        user=desk, complaint=rejected,
        reason="Laporan tidak menyebut layanan atau kejadiannya; silakan kirim laporan baru.",
        now=days(5),
    )  # fmt: skip
    merged = _new(mpp, "merged", service, days(3), 1)
    services.merge_complaint(user=desk, complaint=merged, into_code=main.tracking_code, now=days(2))
    referred = _new(mpp, "referred", None, days(3), 2)
    services.refer_complaint(
        user=desk, complaint=referred, note="Jalan kabupaten: kewenangan Dinas PUPR.", now=days(2)
    )
    _new(mpp, "aspiration", None, days(1), 0, kind="aspirasi", anonymous=True)
