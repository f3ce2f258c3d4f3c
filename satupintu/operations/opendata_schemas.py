"""The JSON shapes of the comparison across MPPs (GET /api/v1/measures/mpps) and of the
open data (GET /api/v1/open-data/…), described for the OpenAPI document; the columns'
meanings are opendata.COLUMNS (docs/open-data.md)."""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from satupintu.operations.measures_schemas import MeasureSetOut


class MppMeasuresOut(Schema):
    mpp: str = Field(description="Slug MPP.")
    name: str
    province_code: str = Field(description="Kode provinsi Kemendagri.")
    province_name: str
    regency_code: str = Field(description="Kode kabupaten/kota Kemendagri.")
    regency_name: str
    target_wait_minutes: int = Field(description="Sasaran waktu tunggu MPP (menit).")
    measures: MeasureSetOut = Field(description="Ukuran bulan itu (docs/measures.md).")


class MppsMeasuresOut(Schema):
    month: str = Field(description="Bulan, TTTT-BB.")
    from_: dt.date = Field(alias="from", description="Hari pertama bulan (setempat).")
    to: dt.date = Field(description="Hari terakhir bulan (setempat), ikut dihitung.")
    province: str | None = Field(description="Filter provinsi, atau null.")
    regency: str | None = Field(description="Filter kabupaten/kota, atau null.")
    mpps: list[MppMeasuresOut] = Field(description="Satu per MPP aktif, urut kode wilayah.")

    model_config = ConfigDict(populate_by_name=True)


class OpenDataMonthOut(Schema):
    month: str = Field(description="Bulan, TTTT-BB.")
    csv_url: str = Field(description="Alamat berkas CSV.")
    json_url: str = Field(description="Alamat berkas JSON.")


class OpenDataMonthsOut(Schema):
    licence: str
    months: list[OpenDataMonthOut] = Field(description="Bulan yang sudah terbit, terbaru dulu.")


class OpenDataMetaOut(Schema):
    month: str = Field(description="Bulan, TTTT-BB.")
    generated_at: str = Field(description="Waktu data disusun (ISO 8601, UTC).")
    licence: str = Field(description="CC BY 4.0.")
    licence_url: str
    suppression_threshold: int = Field(description="Jumlah di bawah angka ini (1–4) disamarkan.")
    suppression: str = Field(description="Aturan penyamaran.")
    source: str
    columns: list[str] = Field(description="Nama kolom, urut seperti di CSV.")


class OpenDataRowOut(Schema):
    """One MPP (level mpp) or one of its services (level service) in the month. null: not
    measured, or suppressed when the column is named in `suppressed`."""

    month: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    mpp: str
    mpp_name: str
    level: str = Field(description="mpp atau service.")
    agency_code: str | None
    agency_name: str | None
    service_code: str | None
    service_name: str | None
    target_wait_minutes: int
    arrivals: int | None
    arrivals_online: int | None
    arrivals_walk_in: int | None
    arrivals_appointment: int | None
    waits_measured: int | None
    wait_median_minutes: float | None
    wait_mean_minutes: float | None
    waits_over_target: int | None
    wait_over_target_share: float | None
    services_measured: int | None
    service_median_minutes: float | None
    service_mean_minutes: float | None
    calls_ended: int | None
    no_shows: int | None
    no_show_rate: float | None
    applications_due: int | None
    applications_on_time: int | None
    sla_kept_share: float | None
    skm_respondents: int | None
    ikm: float | None
    ratings: int | None
    rating_mean: float | None
    suppressed: list[str] = Field(description="Kolom yang disamarkan pada baris ini.")


class OpenDataOut(Schema):
    meta: OpenDataMetaOut
    rows: list[OpenDataRowOut]
