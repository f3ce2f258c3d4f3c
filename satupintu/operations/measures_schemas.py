"""The JSON shape of the measures (GET /api/v1/mpps/{slug}/measures), described in
Indonesian for the OpenAPI document; the definitions are in measures.py."""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict


class MeasureTimeOut(Schema):
    n: int = Field(description="Jumlah nomor antrian yang diukur.")
    median: float | None = Field(description="Median, dalam menit; null bila n = 0.")
    mean: float | None = Field(description="Rata-rata hitung, dalam menit; null bila n = 0.")


class MeasureCountOut(Schema):
    n: int = Field(description="Jumlah.")


class MeasureRateOut(Schema):
    count: int = Field(description="Yang dihitung (pembilang).")
    n: int = Field(description="Dari berapa (penyebut).")
    rate: float | None = Field(description="count / n, 0–1; null bila n = 0.")


class MeasureShareOut(Schema):
    count: int = Field(description="Yang dihitung (pembilang).")
    n: int = Field(description="Dari berapa (penyebut).")
    share: float | None = Field(description="count / n, 0–1; null bila n = 0.")


class MeasureOverTargetOut(MeasureShareOut):
    target_minutes: int = Field(description="Sasaran waktu tunggu MPP (menit).")


class MeasureChannelsOut(Schema):
    n: int = Field(description="Kedatangan.")
    online: MeasureShareOut = Field(description="Antrian daring dari ponsel.")
    walk_in: MeasureShareOut = Field(description="Datang langsung: kios atau nomor dari petugas.")
    appointment: MeasureShareOut = Field(description="Janji temu yang check-in.")


class MeasureServedPerHourOut(Schema):
    served: int = Field(description="Nomor antrian selesai dilayani.")
    officer_hours: float | None = Field(
        description="Jam loket buka (satu loket buka = satu petugas); null tanpa riwayat."
    )
    rate: float | None = Field(description="Dilayani per jam petugas.")


class MeasureIdleOut(Schema):
    n: float = Field(description="Menit loket buka selagi ada yang menunggu layanannya.")
    idle_minutes: float | None = Field(description="Dari menit itu, loket tanpa nomor.")
    share: float | None = Field(description="idle_minutes / n, 0–1; null bila n = 0.")


class MeasureIkmOut(Schema):
    n: int = Field(description="Responden SKM.")
    ikm: float | None = Field(description="IKM (×25) dari modul kepuasan; null tanpa responden.")


class MeasureRatingOut(Schema):
    n: int = Field(description="Penilaian loket.")
    mean: float | None = Field(description="Rata-rata nilai 1–4; null tanpa penilaian.")


class MeasureSetOut(Schema):
    """Every measure; null where a measure is not cut that way (e.g. arrivals per loket)."""

    arrivals: MeasureCountOut | None = Field(description="Kedatangan (tanpa lanjutan pindahan).")
    waiting_time: MeasureTimeOut = Field(
        description="Waktu tunggu: ambil/check-in → panggilan terakhir."
    )
    walk_to_counter_time: MeasureTimeOut = Field(description="Panggilan terakhir → mulai dilayani.")
    service_time: MeasureTimeOut = Field(description="Mulai dilayani → selesai.")
    handling_time: MeasureTimeOut = Field(
        description="Panggilan terakhir → selesai: lama loket dipakai satu pengunjung."
    )
    demand: MeasureCountOut | None = Field(
        description="Beban layanan: kedatangan ditambah lanjutan pindahan."
    )
    no_show_rate: MeasureRateOut = Field(description="Tidak hadir di antara yang dipanggil.")
    transferred_share: MeasureShareOut = Field(description="Dipindahkan ke layanan lain.")
    served_per_officer_hour: MeasureServedPerHourOut | None = Field(
        description="Dilayani per jam petugas (tidak dirinci per layanan)."
    )
    counter_idle_share: MeasureIdleOut | None = Field(
        description="Loket menganggur selagi ada yang menunggu (tidak dirinci per layanan)."
    )
    wait_over_target: MeasureOverTargetOut = Field(description="Menunggu melewati sasaran MPP.")
    channel_share: MeasureChannelsOut | None = Field(
        description="Daring, datang langsung, janji temu."
    )
    sla_kept: MeasureShareOut | None = Field(description="Permohonan selesai dalam batas waktu.")
    ikm: MeasureIkmOut | None = Field(description="IKM (per layanan, instansi, hari, bulan).")
    average_rating: MeasureRatingOut = Field(description="Rata-rata penilaian loket.")


class MeasureGroupOut(Schema):
    key: int | str = Field(
        description="Id layanan/instansi/loket/petugas, jam (0–23), tanggal atau bulan."
    )
    label: str = Field(description="Nama kelompok: kode layanan, instansi, loket, petugas, jam.")
    measures: MeasureSetOut


class MeasuresOut(Schema):
    mpp: str
    from_: dt.date = Field(alias="from", description="Tanggal awal (setempat).")
    to: dt.date = Field(description="Tanggal akhir (setempat), ikut dihitung.")
    by: str | None = Field(description="Rincian yang diminta, atau null.")
    target_wait_minutes: int = Field(description="Sasaran waktu tunggu MPP (menit).")
    total: MeasureSetOut = Field(description="Seluruh periode (docs/measures.md).")
    groups: list[MeasureGroupOut] = Field(description="Per kelompok `by`, urut kunci.")

    model_config = ConfigDict(populate_by_name=True)
