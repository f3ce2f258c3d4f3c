"""An OSS-style business check: is this NIB valid, whose is it, for which KBLI activities.

The NIB (Nomor Induk Berusaha, 13 digits) is issued by the OSS system under PP 28/2025 on
risk-based business licensing, which lets ministries, agencies and banks read it through
OSS's web services instead of asking for a copy. This adapter speaks an inquiry in OSS's
shape (`inqueryNIB`, its key words `nib`, `nama_perseroan`, `status_nib` and the projects'
`kbli`/`uraian_kbli`):

    POST {url}/inqueryNIB  {"INQUERYNIB": {"nib": "9120001234567"}}
    → {"responinqueryNIB": {"kode": 200, "keterangan": "Data ditemukan",
        "dataNIB": {"nib": "…", "nama_perseroan": "…", "status_nib": "Aktif",
                    "data_proyek": [{"kbli": "56103", "uraian_kbli": "Kedai makanan"}]}}}
    → {"responinqueryNIB": {"kode": 404, "keterangan": "Data tidak ditemukan"}}

The endpoint and its `user_key` come with the integration agreement; they are settings
(SATUPINTU_OSS_URL, SATUPINTU_OSS_USER_KEY).
"""

from __future__ import annotations

from satupintu.journeys.registers.base import (
    Activity,
    BusinessAnswer,
    BusinessRegister,
    RegisterUnavailable,
    Transport,
)

PATH = "/inqueryNIB"
ACTIVE = "aktif"


def request_body(nib: str) -> dict:
    return {"INQUERYNIB": {"nib": nib}}


def read_answer(nib: str, answer: dict) -> BusinessAnswer:
    inner = answer.get("responinqueryNIB")
    if not isinstance(inner, dict) or not isinstance(inner.get("kode"), int):
        raise RegisterUnavailable
    if inner["kode"] == 404:
        return BusinessAnswer(nib=nib, valid=False)
    data = inner.get("dataNIB")
    if inner["kode"] != 200 or not isinstance(data, dict) or data.get("nib") != nib:
        raise RegisterUnavailable
    projects = data.get("data_proyek") or []
    activities = tuple(
        Activity(kbli=str(p.get("kbli", ""))[:5], title=str(p.get("uraian_kbli", ""))[:200])
        for p in projects
        if isinstance(p, dict)
    )
    return BusinessAnswer(
        nib=nib,
        valid=str(data.get("status_nib", "")).strip().lower() == ACTIVE,
        holder=str(data.get("nama_perseroan", ""))[:200],
        activities=activities,
    )


class OssRegister(BusinessRegister):
    name = "oss"

    def __init__(self, transport: Transport):
        self.transport = transport

    def check_nib(self, nib: str) -> BusinessAnswer:
        return read_answer(nib, self.transport(PATH, request_body(nib)))
