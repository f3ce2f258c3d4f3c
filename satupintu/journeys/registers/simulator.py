"""The local simulator of both registers: it answers Dukcapil-style NIK verifications and
OSS-style NIB inquiries (dukcapil.py, oss.py say the shapes) from the invented records of
demo_registers.json, and keeps nothing it is asked. In process (registry.py's default) it is
the adapters' transport; `serve()` puts the same answers on 127.0.0.1 over HTTP, which the
tests use to exercise the HTTP transport.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from satupintu.journeys.registers import dukcapil, oss
from satupintu.journeys.registers.base import RegisterUnavailable

DATA = Path(__file__).with_name("demo_registers.json")
FIELD_OF = {element: field for field, element in dukcapil.ELEMENTS.items()}


def _same(a: str, b: str) -> bool:
    return " ".join(a.upper().split()) == " ".join(b.upper().split())


@cache
def records() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        "population": {p["nik"]: p for p in data["population"]},
        "businesses": {b["nib"]: b for b in data["businesses"]},
    }


def answer_dukcapil(body: dict) -> dict:
    person = records()["population"].get(str(body.get("NIK", "")))
    if person is None:
        return {"content": [{"RESPON": dukcapil.NOT_FOUND}]}
    row = {}
    for element, field in FIELD_OF.items():
        if element not in body:
            continue
        expected = person[field]
        if field == "birth_date":
            y, m, d = expected.split("-")
            expected = f"{d}-{m}-{y}"
        row[element] = dukcapil.MATCH if _same(str(body[element]), expected) else dukcapil.NO_MATCH
    return {"content": [row]}


def answer_oss(body: dict) -> dict:
    query = body.get("INQUERYNIB")
    nib = str(query.get("nib", "")) if isinstance(query, dict) else ""
    business = records()["businesses"].get(nib)
    if business is None:
        return {"responinqueryNIB": {"kode": 404, "keterangan": "Data tidak ditemukan"}}
    return {
        "responinqueryNIB": {
            "kode": 200,
            "keterangan": "Data ditemukan",
            "dataNIB": {
                "nib": nib,
                "nama_perseroan": business["holder"],
                "status_nib": business["status"],
                "data_proyek": [{"kbli": k, "uraian_kbli": t} for k, t in business["activities"]],
            },
        }
    }


ROUTES = {"/dukcapil" + dukcapil.PATH: answer_dukcapil, "/oss" + oss.PATH: answer_oss}


def local_transport(prefix: str):
    """The in-process transport: the same JSON in and out as over HTTP."""

    def send(path: str, body: dict) -> dict:
        handler = ROUTES.get(prefix + path)
        if handler is None:
            raise RegisterUnavailable
        return json.loads(json.dumps(handler(json.loads(json.dumps(body)))))

    return send


def app(environ, start_response):
    handler = ROUTES.get(environ.get("PATH_INFO", ""))
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = json.loads(environ["wsgi.input"].read(min(length, 65536)) or b"{}")
    except ValueError:
        body = None
    if handler is None or environ.get("REQUEST_METHOD") != "POST" or not isinstance(body, dict):
        start_response("400 Bad Request", [("Content-Type", "application/json")])
        return [b'{"error": "bad request"}']
    data = json.dumps(handler(body)).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [data]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


def serve(port: int = 0) -> tuple[WSGIServer, threading.Thread]:
    server = make_server(
        "127.0.0.1", port, app, server_class=_ThreadingServer, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
