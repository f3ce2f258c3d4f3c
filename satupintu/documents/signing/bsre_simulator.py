"""A local simulator of BSrE's eSign Client API (signing/bsre.py says what it is) that
really signs: PAdES with pyHanko under its own CA (a chain made like an MPP's, in
DATA_DIR/signing/bsre-simulator/), so what it returns validates like a real signature.

It checks the client's HTTP Basic credentials and each officer's NIK and passphrase
(or one-time code), and answers as the service does: v1 the signed PDF, v2
`{"file": [...]}`, errors as JSON `{"error": …, "status_code": …}` with HTTP 400/401.
`hang` makes it take the request and answer only after that many seconds (a timeout
after sending, for tests). `calls` counts the sign requests it received. It keeps no
passphrase: it compares and forgets.

Served on 127.0.0.1 by `satupintu serve_bsre_simulator` and by the tests.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import threading
import time
from collections.abc import Iterable
from email.parser import BytesParser
from email.policy import HTTP
from wsgiref.simple_server import WSGIServer, make_server

from satupintu.documents.signing import local
from satupintu.documents.signing.trust_services import StartResponse, _Quiet, _ThreadingServer

SLUG = "bsre-simulator"
MAX_BODY = 30 * 1024 * 1024


def ensure_chain() -> None:
    if not local.has_timestamps(SLUG):
        local.create_chain(mpp_slug=SLUG, mpp_name="Simulator BSrE")


def trust_roots() -> list:
    return local.LocalSigner(SLUG).trust_roots()


def _json(start: StartResponse, status: str, body: dict) -> list[bytes]:
    data = json.dumps(body).encode()
    start(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def _multipart(environ: dict, body: bytes) -> dict[str, bytes]:
    head = f"Content-Type: {environ.get('CONTENT_TYPE', '')}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    out: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True)
            out[str(name)] = payload if isinstance(payload, bytes) else b""
    return out


class Simulator:
    def __init__(
        self, *, users: dict[str, str], client: tuple[str, str] = ("esign", "esign")
    ) -> None:
        self.users = dict(users)  # NIK → passphrase (or one-time code)
        self.client = client
        self.hang = 0.0
        self.calls = 0
        self._lock = threading.Lock()
        ensure_chain()

    def _authorised(self, environ: dict) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(f"{user}:{password}", ":".join(self.client))

    def _officer_ok(self, nik: str, secret: str) -> bool:
        expected = self.users.get(nik)
        return expected is not None and hmac.compare_digest(expected, secret)

    def _sign(self, data: bytes, reason: str, location: str) -> bytes:
        return local.LocalSigner(SLUG).sign(data, reason=reason or "", location=location or "")

    def __call__(self, environ: dict, start: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path not in ("/api/sign/pdf", "/api/v2/sign/pdf") or method != "POST":
            return _json(start, "404 Not Found", {"error": "Not Found", "status_code": 404})
        if not self._authorised(environ):
            return _json(start, "401 Unauthorized", {"error": "Unauthorized", "status_code": 401})
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if not 0 < length <= MAX_BODY:
            return _json(start, "400 Bad Request", {"error": "Bad request", "status_code": 400})
        body = environ["wsgi.input"].read(length)
        with self._lock:
            self.calls += 1
        if self.hang:
            time.sleep(self.hang)
        try:
            if path == "/api/sign/pdf":
                return self._v1(environ, body, start)
            return self._v2(body, start)
        except (ValueError, KeyError, TypeError, binascii.Error):
            return _json(start, "400 Bad Request", {"error": "Bad request", "status_code": 400})

    def _v1(self, environ: dict, body: bytes, start: StartResponse) -> list[bytes]:
        form = _multipart(environ, body)
        nik = form.get("nik", b"").decode()
        secret = (form.get("passphrase") or form.get("totp") or b"").decode()
        if not self._officer_ok(nik, secret):
            return _json(
                start, "400 Bad Request", {"error": "Passphrase anda salah", "status_code": 2031}
            )
        data = form.get("file", b"")
        if not data.startswith(b"%PDF-"):
            return _json(
                start, "400 Bad Request", {"error": "Dokumen bukan PDF", "status_code": 2021}
            )
        signed = self._sign(data, "", "")
        start("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(signed)))])
        return [signed]

    def _v2(self, body: bytes, start: StartResponse) -> list[bytes]:
        request = json.loads(body)
        secret = str(request.get("passphrase") or request.get("totp") or "")
        if not self._officer_ok(str(request.get("nik", "")), secret):
            return _json(
                start, "400 Bad Request", {"error": "Passphrase anda salah", "status_code": 2031}
            )
        props = (request.get("signatureProperties") or [{}])[0]
        files = [base64.b64decode(item) for item in request["file"]]
        if not files or not all(f.startswith(b"%PDF-") for f in files):
            return _json(
                start, "400 Bad Request", {"error": "Dokumen bukan PDF", "status_code": 2021}
            )
        signed = [
            base64.b64encode(self._sign(f, props.get("reason", ""), props.get("location", "")))
            for f in files
        ]
        return _json(start, "200 OK", {"file": [s.decode("ascii") for s in signed]})


def serve(
    simulator: Simulator, port: int = 0, *, quiet: bool = True
) -> tuple[WSGIServer, threading.Thread]:
    server = make_server(
        "127.0.0.1", port, simulator, server_class=_ThreadingServer, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
