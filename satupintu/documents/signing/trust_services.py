"""The MPP's trust services over HTTP on loopback, for the local provider: its time-stamping
authority (RFC 3161 over HTTP, §3.4: `POST /tsa/<mpp>` with `application/timestamp-query`,
answered `application/timestamp-reply`) and its CA's CRL (`GET /crl/<mpp>.crl`, DER, as
the signing certificate's CRL distribution point names it).

A plain WSGI application on pyHanko's own TSA (DummyTimeStamper, which signs real
TimeStampTokens with the MPP's TSA key); `satupintu serve_document_trust_services` serves
it with the standard library's wsgiref on 127.0.0.1, the tests on a free port.
"""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Callable, Iterable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from satupintu.documents.signing import local

_TSA = re.compile(r"^/tsa/([a-z0-9-]+)/?$")
_CRL = re.compile(r"^/crl/([a-z0-9-]+)\.crl$")
MAX_QUERY = 16 * 1024  # a TimeStampReq is a few hundred bytes

StartResponse = Callable[..., object]


def _answer(start: StartResponse, status: str, body: bytes, kind: str) -> list[bytes]:
    start(status, [("Content-Type", kind), ("Content-Length", str(len(body)))])
    return [body]


def application(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
    from asn1crypto import tsp

    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    crl = _CRL.match(path)
    if crl and method == "GET" and local.has_timestamps(crl.group(1)):
        return _answer(
            start_response, "200 OK", local.current_crl(crl.group(1)), "application/pkix-crl"
        )
    tsa = _TSA.match(path)
    if not (tsa and local.has_timestamps(tsa.group(1))):
        return _answer(start_response, "404 Not Found", b"not found\n", "text/plain")
    if method != "POST":
        return _answer(start_response, "405 Method Not Allowed", b"POST only\n", "text/plain")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if not 0 < length <= MAX_QUERY:
        return _answer(start_response, "400 Bad Request", b"bad length\n", "text/plain")
    try:
        query = tsp.TimeStampReq.load(environ["wsgi.input"].read(length))
        query.native  # noqa: B018 (parses it all: a malformed query fails here)
        reply = local.timestamper(tsa.group(1), in_process=True).request_tsa_response(query)
    except ValueError:
        return _answer(start_response, "400 Bad Request", b"bad query\n", "text/plain")
    return _answer(start_response, "200 OK", reply.dump(), "application/timestamp-reply")


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve(port: int = 0, *, quiet: bool = True) -> tuple[WSGIServer, threading.Thread]:
    """Serve on 127.0.0.1:port (0: a free port) from a daemon thread."""
    server = make_server(
        "127.0.0.1",
        port,
        application,
        server_class=_ThreadingServer,
        handler_class=_Quiet if quiet else WSGIRequestHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
