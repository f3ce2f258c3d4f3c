"""The demo MPPs beyond the reference catalog: hours, closures, a second MPP, people, devices.

The reference catalog (data/mpp-banyumas.json, assembled from public sources)
gives Banyumas' agencies, counters and services. Everything here is invented
for the demo and marked as such: e-mail addresses use the reserved `.test`
domain and phone numbers are not anyone's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

DEMO_PASSWORD = "satupintu-demo"  # noqa: S105 - printed to the developer; demo only

T = dt.time
WEEKDAY_HOURS = [(T(7, 30), T(12, 0)), (T(13, 0), T(15, 30))]
FRIDAY_HOURS = [(T(7, 30), T(11, 0)), (T(13, 0), T(15, 30))]

BANYUMAS: dict[str, Any] = {
    "slug": "banyumas",
    "regency_name": "Kabupaten Banyumas",
    "latitude": "-7.424500",
    "longitude": "109.239600",
    "time_zone": "Asia/Jakarta",
    "phone": "0281-635231",
    "email": "mpp@banyumaskab.test",
    "public_info": (
        "Layanan di MPP tidak dipungut biaya selain tarif resmi yang tercantum pada setiap "
        "layanan. Jangan gunakan jasa calo. Ambil nomor antrian di kios atau dari ponsel."
    ),
    "hours": {
        0: WEEKDAY_HOURS,
        1: WEEKDAY_HOURS,
        2: WEEKDAY_HOURS,
        3: WEEKDAY_HOURS,
        4: FRIDAY_HOURS,
    },
    "closures": [
        (dt.date(2027, 1, 2), dt.date(2027, 1, 2), "Pemeliharaan sistem dan gedung"),
    ],
}

PURBALINGGA: dict[str, Any] = {
    "slug": "purbalingga",
    "name": "Mal Pelayanan Publik Kabupaten Purbalingga",
    "regency_name": "Kabupaten Purbalingga",
    "regency_code": "33.03",
    "city": "Purbalingga",
    "address": "Jl. Jenderal Sudirman, Purbalingga, Kabupaten Purbalingga, Jawa Tengah",
    "latitude": "-7.388600",
    "longitude": "109.363600",
    "time_zone": "Asia/Jakarta",
    "phone": "0281-891015",
    "email": "mpp@purbalinggakab.test",
    "public_info": "MPP Purbalingga juga buka pada hari Sabtu pukul 08.00–12.00.",
    "hours": {
        0: [(T(8, 0), T(12, 0)), (T(12, 30), T(15, 0))],
        1: [(T(8, 0), T(12, 0)), (T(12, 30), T(15, 0))],
        2: [(T(8, 0), T(12, 0)), (T(12, 30), T(15, 0))],
        3: [(T(8, 0), T(12, 0)), (T(12, 30), T(15, 0))],
        4: [(T(8, 0), T(11, 0)), (T(13, 0), T(15, 0))],
        5: [(T(8, 0), T(12, 0))],
    },
    "closures": [],  # holidays and cuti bersama come from the SKB calendar (core/calendar.py)
    # (code, reference agency it mirrors or None when shared, name, short name, kind, prefix, counters)
    "agencies": [
        ("DINDUKCAPIL-PBG", "DINDUKCAPIL",
         "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga",
         "Disdukcapil Purbalingga", "opd", "A", [1, 2]),
        ("DPMPTSP-PBG", "DPMPTSP",
         "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Purbalingga",
         "DPMPTSP Purbalingga", "opd", "B", [3]),
        ("POLRES-PBG", "POLRESTA", "Kepolisian Resor Purbalingga (layanan SKCK dan SIM)",
         "Polres Purbalingga", "vertical", "C", [4, 5]),
        ("SAMSAT-PBG", "SAMSAT", "Samsat Purbalingga (Bapenda Provinsi Jawa Tengah)",
         "Samsat Purbalingga", "vertical", "D", [6]),
        ("BPJSKES", "BPJSKES", None, None, None, "G", [7]),
        ("BPJSTK", "BPJSTK", None, None, None, "H", [8]),
    ],
    "service_codes": ["A01", "A02", "A03", "A04", "A05", "A06", "B01", "B02", "B03",
                      "C01", "C02", "C03", "D01", "D02", "G01", "G02", "G03", "H01", "H02"],
}  # fmt: skip

SHORT_NAMES = {
    "DINDUKCAPIL": "Disdukcapil Banyumas",
    "DPMPTSP": "DPMPTSP Banyumas",
    "POLRESTA": "Polresta Banyumas",
    "SAMSAT": "Samsat Purwokerto",
    "IMIGRASI": "Imigrasi",
    "DJP": "KPP Pratama Purwokerto",
    "BPJSKES": "BPJS Kesehatan",
    "BPJSTK": "BPJS Ketenagakerjaan",
    "PDAM": "Perumda Air Minum Tirta Satria",
    "DLH": "DLH Banyumas",
    "DINKES": "Dinkes Banyumas",
    "BAPENDA": "Bapenda Banyumas",
    "DINNAKER": "Dinnaker Banyumas",
    "PLN": "PLN UP3 Purwokerto",
    "BANK": "Bank Jateng",
    "BPN": "Kantor Pertanahan Banyumas",
}


def agency_kind(reference_type: str) -> str:
    """Map the catalog's free-text agency type to our AgencyKind."""
    t = reference_type.lower()
    if "bank" in t:
        return "bank"
    if "bumn" in t:
        return "bumn"
    if "bumd" in t:
        return "bumd"
    if "vertikal" in t or "provinsi" in t:
        return "vertical"
    if t.startswith("opd"):
        return "opd"
    return "other"


# (login e-mail, phone, full name, role, agency code, counter numbers)
PEOPLE: dict[str, list[tuple[Any, ...]]] = {
    "banyumas": [
        ("pengelola@banyumas.mpp.test", None, "Wahyu Prasetyo", "supervisor", None, []),
        ("siti.rahmawati@banyumas.mpp.test", None, "Siti Rahmawati", "officer", "DINDUKCAPIL", [1, 2]),
        ("agus.setiawan@banyumas.mpp.test", None, "Agus Setiawan", "officer", "DINDUKCAPIL", [3, 4]),
        ("dewi.lestari@banyumas.mpp.test", None, "Dewi Lestari", "officer", "DPMPTSP", [5, 6, 7]),
        ("bambang.sutrisno@banyumas.mpp.test", None, "Bambang Sutrisno", "officer", "POLRESTA", [8, 9]),
        ("rina.wulandari@banyumas.mpp.test", None, "Rina Wulandari", "officer", "IMIGRASI", [12, 13]),
        ("hendra.gunawan@banyumas.mpp.test", None, "Hendra Gunawan", "officer", "BPJSKES", [15, 16]),
        ("kios-1@banyumas.perangkat.test", None, "Kios antrian pintu utama", "kiosk", None, []),
        ("layar-1@banyumas.perangkat.test", None, "Layar antrian ruang tunggu", "display", None, []),
        ("tablet-loket-1@banyumas.perangkat.test", None, "Tablet penilaian loket 1", "tablet", None, [1]),
        ("budi.santoso@warga.test", "081234567801", "Budi Santoso", "citizen", None, []),
        (None, "081234567802", "Sri Wahyuni", "citizen", None, []),
    ],
    "purbalingga": [
        ("pengelola@purbalingga.mpp.test", None, "Nur Hidayati", "supervisor", None, []),
        ("eko.saputro@purbalingga.mpp.test", None, "Eko Saputro", "officer", "DINDUKCAPIL-PBG", [1, 2]),
        ("yuni.astuti@purbalingga.mpp.test", None, "Yuni Astuti", "officer", "BPJSKES", [7]),
        ("kios-1@purbalingga.perangkat.test", None, "Kios antrian", "kiosk", None, []),
        ("layar-1@purbalingga.perangkat.test", None, "Layar antrian", "display", None, []),
        ("tablet-loket-1@purbalingga.perangkat.test", None, "Tablet penilaian loket 1", "tablet", None, [1]),
    ],
}  # fmt: skip

OPERATOR = ("operator@satupintu.test", "Operator Platform")
