"""The supervisor's payments page: decisions, statement import, findings, revenue reports."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from satupintu.payments import services
from satupintu.payments.models import Finding, PaymentStatus, ReconciliationItem
from satupintu.payments.providers.base import Notice
from satupintu.payments.tests.factories import FEE, awaiting_payment, bill_of, setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(personas):
    service, _ = setup(personas)
    good = bill_of(awaiting_payment(personas, service))
    wrong = bill_of(awaiting_payment(personas, service))
    now = timezone.now()
    services.record_payment(
        provider="simulator", notice=Notice("OK-1", good.number, FEE, now, "qris")
    )
    services.record_payment(
        provider="simulator", notice=Notice("LOW-1", wrong.number, 1, now, "qris")
    )
    return good, wrong


def test_only_the_mpps_supervisor_opens_the_page(client, personas, payments):
    for user in (personas.officer_xa, personas.citizen):
        client.force_login(user)
        assert client.get("/staf/pembayaran/").status_code == 403
    client.force_login(personas.supervisor_y)  # their own MPP's page, none of X's payments
    assert payments[1].number not in client.get("/staf/pembayaran/").content.decode()
    client.force_login(personas.supervisor_x)
    page = client.get("/staf/pembayaran/").content.decode()
    assert payments[1].number in page  # the held payment waits for a decision
    assert "Rp50.000" in page  # today's revenue


def test_the_supervisor_imports_a_statement_resolves_and_refunds(client, personas, payments):
    wrong = payments[1]
    client.force_login(personas.supervisor_x)
    day = timezone.now().astimezone(personas.mpp_x.tzinfo).date()
    data = f"date,amount,reference\n{day},50000,OK-1\n{day},9999,NOPE\n".encode()
    upload = io.BytesIO(data)
    upload.name = "koran.csv"
    client.post("/staf/pembayaran/impor/", {"tanggal": day, "format": "csv", "berkas": upload})
    findings = dict(ReconciliationItem.objects.values_list("finding", "pk"))
    assert set(findings) == {Finding.MATCHED, Finding.UNKNOWN, Finding.MISSING}
    client.post(
        f"/staf/pembayaran/temuan/{findings[Finding.UNKNOWN]}/selesai/", {"catatan": "Setoran lain"}
    )
    assert ReconciliationItem.objects.get(pk=findings[Finding.UNKNOWN]).note == "Setoran lain"
    held = wrong.payments.get()
    client.post(f"/staf/pembayaran/{held.pk}/kembalikan/", {"catatan": "Salah jumlah"})
    held.refresh_from_db()
    assert held.status == PaymentStatus.REFUNDED
    bad = io.BytesIO(b"not,a,statement\n")
    bad.name = "x.csv"
    answer = client.post(
        "/staf/pembayaran/impor/", {"tanggal": day, "format": "csv", "berkas": bad}, follow=True
    )
    assert "kolom tanggal, jumlah dan referensi" in answer.content.decode()


def test_daily_revenue_report_as_pdf_and_xlsx(client, personas, payments):
    client.force_login(personas.supervisor_x)
    day = timezone.now().astimezone(personas.mpp_x.tzinfo).date()
    pdf = client.get(f"/staf/pembayaran/laporan/{day}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    xlsx = client.get(f"/staf/pembayaran/laporan/{day}.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1] == "4.1.02.01.01.0001" and rows[2][4] == FEE  # the held one is not revenue
    assert rows[-1][4] == FEE
    assert client.get(f"/staf/pembayaran/laporan/{day}.exe").status_code == 404
