"""A Dukcapil-style NIK verification adapter ("verifikasi data kependudukan" by element).

Ditjen Dukcapil gives agencies that signed an access agreement (Permendagri 102/2019 on
access rights to and use of population data) a web service that compares the elements an
agency sends with the population record and answers, per element, "Sesuai" or "Tidak
Sesuai", never the record. This adapter speaks that shape, with the element names of the
population data (SIAK): `NIK`, `NAMA_LGKP` (full name), `TGL_LHR` (birth date,
DD-MM-YYYY), `TMPT_LHR` (birth place), `NAMA_LGKP_IBU` (mother's full name), plus the
client's `user_id`, `password` and the officer's `ip_user`:

    POST {url}/verify  {"NIK": "3302…", "NAMA_LGKP": "SITI AMINAH", "TGL_LHR": "17-08-1990", …}
    → {"content": [{"NIK": "Sesuai", "NAMA_LGKP": "Sesuai", "TGL_LHR": "Tidak Sesuai"}]}
    → {"content": [{"RESPON": "Data Tidak Ditemukan"}]}   (no such NIK)

The exact endpoint and credentials come with the agreement; they are settings
(SATUPINTU_DUKCAPIL_URL, _USER, _PASSWORD).
"""

from __future__ import annotations

from satupintu.journeys.registers.base import (
    PersonAnswer,
    PersonQuery,
    PopulationRegister,
    RegisterUnavailable,
    Transport,
)

ELEMENTS = {
    "nik": "NIK",
    "name": "NAMA_LGKP",
    "birth_date": "TGL_LHR",
    "birth_place": "TMPT_LHR",
    "mother_name": "NAMA_LGKP_IBU",
}
MATCH, NO_MATCH, NOT_FOUND = "Sesuai", "Tidak Sesuai", "Data Tidak Ditemukan"
PATH = "/verify"


def request_body(query: PersonQuery, *, user: str, password: str, ip_user: str) -> dict:
    body: dict = {"user_id": user, "password": password, "ip_user": ip_user}
    for field in query.asked():
        value = getattr(query, field)
        if field == "birth_date":
            value = value.strftime("%d-%m-%Y")
        body[ELEMENTS[field]] = " ".join(str(value).upper().split())
    return body


def read_answer(query: PersonQuery, answer: dict) -> PersonAnswer:
    content = answer.get("content")
    if not isinstance(content, list) or not content or not isinstance(content[0], dict):
        raise RegisterUnavailable
    row = content[0]
    if str(row.get("RESPON", "")).strip().lower() == NOT_FOUND.lower():
        return PersonAnswer(found=False, fields={f: False for f in query.asked()})
    fields = {}
    for field in query.asked():
        said = row.get(ELEMENTS[field])
        if not isinstance(said, str):
            raise RegisterUnavailable
        fields[field] = said.strip().lower().startswith(MATCH.lower())
    return PersonAnswer(found=True, fields=fields)


class DukcapilRegister(PopulationRegister):
    name = "dukcapil"

    def __init__(self, transport: Transport, *, user: str = "", password: str = ""):
        self.transport, self.user, self.password = transport, user, password

    def verify(self, query: PersonQuery, *, ip_user: str = "") -> PersonAnswer:
        body = request_body(query, user=self.user, password=self.password, ip_user=ip_user)
        return read_answer(query, self.transport(PATH, body))
