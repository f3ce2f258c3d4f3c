"""The pack as tables of plain values (numbers stay numbers), one list per section: the
PDF writes them as the language writes numbers, the XLSX as numeric cells, the page
shows the summary. Headings and labels are Indonesian msgids (gettext)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from satupintu.operations.pack import breaches as breach_words
from satupintu.operations.pack.bottlenecks import per_service
from satupintu.operations.pack.charts import bin_label, month_label, weekday_names
from satupintu.operations.pack.selectors import Pack

Value = int | float | str | dt.date | None
TOP_BOTTLENECKS = 20
TOP_BREACHES = 40


def count(n: int) -> str:
    """A count as the language groups its digits (14.892)."""
    return formats.number_format(n, 0, force_grouping=True)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Value]]
    widths: tuple[int, ...] = ()  # relative column widths in the PDF
    note: str = ""  # said under the title
    places: dict[int, int] = field(default_factory=dict)  # decimals per column (PDF)


def pct(rate: dict[str, Any] | None, key: str = "share") -> float | None:
    """A measure's ratio as a percentage with one decimal (None stays None)."""
    if not rate or rate.get(key) is None:
        return None
    return round(rate[key] * 100, 1)


def summary(pack: Pack) -> Table:
    t = pack.total
    wait, service, walk = t["waiting_time"], t["service_time"], t["walk_to_counter_time"]
    channels = t["channel_share"]
    ikm = t["ikm"] or {}
    rows: list[list[Value]] = [
        [_("Kedatangan (nomor antrian diambil)"), t["arrivals"]["n"], ""],
        [
            _("Waktu tunggu, median (menit)"),
            wait["median"],
            _("%(n)s nomor") % {"n": count(wait["n"])},
        ],
        [_("Waktu tunggu, rata-rata (menit)"), wait["mean"], ""],
        [
            _("Menunggu lebih dari target (%)"),
            pct(t["wait_over_target"]),
            _("target %(m)s menit") % {"m": pack.target_wait_minutes},
        ],
        [_("Berjalan ke loket, median (menit)"), walk["median"], ""],
        [
            _("Waktu layanan, median (menit)"),
            service["median"],
            _("%(n)s nomor") % {"n": count(service["n"])},
        ],
        [_("Waktu layanan, rata-rata (menit)"), service["mean"], ""],
        [_("Tidak hadir saat dipanggil (%)"), pct(t["no_show_rate"], "rate"), ""],
        [_("Dipindahkan ke layanan lain (%)"), pct(t["transferred_share"]), ""],
        [_("Dilayani per jam petugas"), t["served_per_officer_hour"]["rate"], ""],
        [_("Loket menganggur saat ada yang menunggu (%)"), pct(t["counter_idle_share"]), ""],
        [_("Daring (%)"), pct(channels.get("online")), ""],
        [_("Datang langsung (%)"), pct(channels.get("walk_in")), ""],
        [_("Janji temu (%)"), pct(channels.get("appointment")), ""],
        [
            _("Permohonan selesai tepat waktu (%)"),
            pct(t["sla_kept"]),
            _("%(n)s permohonan jatuh tempo") % {"n": count(t["sla_kept"]["n"])},
        ],
        [_("IKM"), ikm.get("ikm"), _("%(n)s responden") % {"n": count(ikm.get("n", 0))}],
        [
            _("Rata-rata penilaian loket (1–4)"),
            t["average_rating"]["mean"],
            _("%(n)s penilaian") % {"n": count(t["average_rating"]["n"])},
        ],
    ]
    return Table(
        _("Ringkasan bulan ini"),
        [_("Ukuran"), _("Nilai"), _("Keterangan")],
        rows,
        (95, 30, 55),
        places={1: 2},
    )


def bottleneck_tables(pack: Pack) -> list[Table]:
    if pack.bottlenecks is None:
        return []
    summary_rows: list[list[Value]] = [
        [r.service_code, r.hours, r.arrivals, r.capacity, f"{r.usual_hour:02d}.00"]
        for r in per_service(pack.bottlenecks)
    ]
    hours: list[list[Value]] = [
        [
            b.hour.date(),
            f"{b.hour.hour:02d}.00",
            b.service_code,
            b.arrivals,
            b.open_counter_minutes,
            round(b.service_minutes, 1),
            b.capacity,
            round(b.excess, 1),
        ]
        for b in pack.bottlenecks[:TOP_BOTTLENECKS]
    ]
    return [
        Table(
            _("Hambatan per layanan"),
            [_("Layanan"), _("Jam hambatan"), _("Kedatangan"), _("Kapasitas"), _("Paling sering")],
            summary_rows,
            (30, 30, 30, 30, 30),
            places={3: 1},
        ),
        Table(
            _("Jam dengan hambatan terbesar"),
            [
                _("Tanggal"),
                _("Jam"),
                _("Layanan"),
                _("Datang"),
                _("Menit loket buka"),
                _("Lama layanan"),
                _("Kapasitas"),
                _("Kelebihan"),
            ],
            hours,
            (24, 14, 18, 16, 26, 22, 20, 20),
            places={4: 0, 5: 1, 6: 1, 7: 1},
        ),
    ]


def services(pack: Pack) -> Table:
    rows: list[list[Value]] = []
    for s in pack.services:
        c = s.measures
        rows.append(
            [
                s.code,
                s.name,
                c["arrivals"]["n"],
                c["waiting_time"]["median"],
                c["waiting_time"]["mean"],
                pct(c["wait_over_target"]),
                c["service_time"]["median"],
                c["service_time"]["mean"],
            ]
        )
    return Table(
        _("Waktu tunggu dan waktu layanan per layanan"),
        [
            _("Kode"),
            _("Layanan"),
            _("Datang"),
            _("Tunggu median"),
            _("Tunggu rata-rata"),
            _("> target (%)"),
            _("Layanan median"),
            _("Layanan rata-rata"),
        ],
        rows,
        (14, 58, 16, 18, 18, 16, 18, 18),
        places={3: 1, 4: 1, 5: 1, 6: 1, 7: 1},
    )


def trend(pack: Pack) -> Table:
    rows: list[list[Value]] = [
        [
            month_label(p.month),
            p.arrivals,
            p.waiting["median"],
            p.waiting["mean"],
            p.service["median"],
            p.service["mean"],
        ]
        for p in pack.trend
    ]
    return Table(
        _("Tren bulanan"),
        [
            _("Bulan"),
            _("Kedatangan"),
            _("Tunggu median"),
            _("Tunggu rata-rata"),
            _("Layanan median"),
            _("Layanan rata-rata"),
        ],
        rows,
        (30, 26, 26, 26, 26, 26),
        places={2: 1, 3: 1, 4: 1, 5: 1},
    )


def heatmap(pack: Pack) -> Table:
    names = weekday_names()
    hours = pack.hours
    days = sorted({day for day, _hour in pack.heatmap})
    rows: list[list[Value]] = [
        [names[day], *(pack.heatmap.get((day, h), {}).get("mean") for h in hours)] for day in days
    ]
    return Table(
        _("Rata-rata waktu tunggu per hari dan jam (menit)"),
        [_("Hari"), *(f"{h:02d}.00" for h in hours)],
        rows,
        places=dict.fromkeys(range(1, len(hours) + 1), 0),
    )


def distribution(pack: Pack) -> Table:
    total = sum(b.count for b in pack.wait_bins) or None
    rows: list[list[Value]] = [
        [bin_label(b.low, b.high), b.count, round(100 * b.count / total, 1) if total else None]
        for b in pack.wait_bins
    ]
    return Table(
        _("Sebaran waktu tunggu"),
        [_("Menit"), _("Nomor antrian"), _("Bagian (%)")],
        rows,
        (40, 40, 40),
        places={2: 1},
    )


def officers(pack: Pack) -> Table:
    rows: list[list[Value]] = []
    for o in pack.officers:
        c = o.measures
        per_hour = c["served_per_officer_hour"]
        rows.append(
            [
                o.name,
                per_hour["served"],
                per_hour["rate"],
                c["service_time"]["median"],
                pct(c["no_show_rate"], "rate"),
                c["average_rating"]["mean"],
                c["average_rating"]["n"],
                ", ".join(f"{label} ({n})" for label, n in o.praise[:3]),
                ", ".join(f"{label} ({n})" for label, n in o.complaints[:3]),
            ]
        )
    return Table(
        _("Kinerja petugas"),
        [
            _("Petugas"),
            _("Dilayani"),
            _("Per jam"),
            _("Layanan median"),
            _("Tidak hadir (%)"),
            _("Nilai"),
            _("Penilai"),
            _("Pujian terbanyak"),
            _("Keluhan terbanyak"),
        ],
        rows,
        (30, 16, 14, 18, 18, 12, 14, 34, 34),
        note=_(
            "Dokumen internal: kinerja per petugas untuk pembinaan, bukan untuk diumumkan. "
            "Nilai 1 (tidak puas) sampai 4 (sangat puas) dari tablet loket."
        ),
        places={2: 2, 3: 1, 4: 1, 5: 2},
    )


def breaches(pack: Pack) -> list[Table]:
    causes: list[list[Value]] = [[label, n] for label, n in breach_words.by_cause(pack.breaches)]
    rows: list[list[Value]] = [
        [
            b.tracking_number,
            b.service_code,
            b.agency,
            b.due,
            b.decided_on or _("belum"),
            b.days_late,
            b.cause_label,
        ]
        for b in pack.breaches[:TOP_BREACHES]
    ]
    return [
        Table(_("Penyebab keterlambatan"), [_("Penyebab"), _("Permohonan")], causes, (90, 30)),
        Table(
            _("Permohonan melewati batas waktu"),
            [
                _("Nomor"),
                _("Layanan"),
                _("Instansi"),
                _("Batas waktu"),
                _("Diputuskan"),
                _("Terlambat (hari)"),
                _("Penyebab"),
            ],
            rows,
            (26, 16, 26, 22, 22, 18, 50),
        ),
    ]


def no_shows(pack: Pack) -> Table:
    rows: list[list[Value]] = [
        [
            s.code,
            s.name,
            s.measures["no_show_rate"]["n"],
            s.measures["no_show_rate"]["count"],
            pct(s.measures["no_show_rate"], "rate"),
        ]
        for s in pack.services
        if s.measures["no_show_rate"]["n"]
    ]
    return Table(
        _("Tidak hadir per layanan"),
        [_("Kode"), _("Layanan"), _("Dipanggil"), _("Tidak hadir"), _("Tidak hadir (%)")],
        rows,
        (16, 80, 24, 24, 26),
        places={4: 1},
    )


def ikm(pack: Pack) -> list[Table]:
    from satupintu.satisfaction.questionnaire import UNSUR_TEXT

    r = pack.ikm.result
    head: list[list[Value]] = [
        [_("IKM unit pelayanan"), float(r.ikm) if r.ikm is not None else None],
        [_("Mutu pelayanan"), r.mutu or "—"],
        [_("Jumlah responden"), r.respondents],
        [_("Sampel minimum (Krejcie–Morgan)"), pack.ikm.min_sample],
    ]
    unsur: list[list[Value]] = [
        [u.code, str(u.name), round(float(r.nrr[u.key]), 3) if u.key in r.nrr else None]
        for u in UNSUR_TEXT
    ]
    agencies: list[list[Value]] = [[row.name, row.respondents, row.ikm] for row in pack.agencies]
    return [
        Table(
            _("Survei Kepuasan Masyarakat (SKM)"),
            [_("Ukuran"), _("Nilai")],
            head,
            (90, 40),
            note=_("Dihitung menurut PermenPANRB Nomor 14 Tahun 2017."),
            places={1: 2},
        ),
        Table(
            _("Nilai rata-rata per unsur"),
            [_("Kode"), _("Unsur"), _("NRR")],
            unsur,
            (16, 110, 30),
            places={2: 3},
        ),
        Table(
            _("IKM per instansi"),
            [_("Instansi"), _("Responden"), _("IKM")],
            agencies,
            (90, 30, 30),
            places={2: 2},
        ),
    ]


def follow_ups(pack: Pack) -> Table:
    rows: list[list[Value]] = [
        [
            month_label(a.meeting_month),
            str(a.agency.short_name) if a.agency else "—",
            a.what,
            a.responsible,
            a.due_on,
            a.get_status_display(),
            a.status_note,
        ]
        for a in pack.follow_ups
    ]
    return Table(
        _("Tindak lanjut rapat sebelumnya"),
        [
            _("Rapat"),
            _("Instansi"),
            _("Tindak lanjut"),
            _("Penanggung jawab"),
            _("Batas waktu"),
            _("Status"),
            _("Keterangan"),
        ],
        rows,
        (20, 22, 50, 28, 22, 22, 36),
    )


def complaints_text() -> str:
    return _(
        "Aplikasi pengaduan belum tersedia di satupintu, jadi bagian ini belum berisi angka. "
        "Pengaduan yang masuk lewat saluran lain (SP4N-LAPOR!, kotak saran) dibahas dari "
        "catatan masing-masing instansi."
    )


def date_text(value: dt.date) -> str:
    return str(formats.date_format(value, "j M Y"))
