"""A push service on loopback for tests: it receives the real Web Push request the server
sends, checks its VAPID signature against the server's public key and decrypts the body
(RFC 8291, aes128gcm) with the browser's private key and auth secret, as a browser would."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """The keys a browser makes when it subscribes (pushManager.subscribe)."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


class PushService:
    """`answer` is the status the next requests get (201; 410 for a gone subscription)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answer = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(service.answer)
                self.send_header("Location", f"{self.path}/msg/{len(service.received)}")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def start(self) -> PushService:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def check_vapid(request: Received, *, server_public_key: str, audience: str) -> dict:
    """The claims of the request's VAPID JWT, after checking its ES256 signature with the
    server's public key (RFC 8292: `Authorization: vapid t=<jwt>, k=<key>`)."""
    scheme, _sep, params = request.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    assert parts["k"] == server_public_key
    header, claims, signature = parts["t"].split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), unb64url(server_public_key)
    )
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    payload = json.loads(unb64url(claims))
    assert payload["aud"] == audience
    assert payload["exp"] > time.time()
    return payload


def decrypt(request: Received, browser: Browser) -> dict:
    """The JSON payload, decrypted as the browser does (aes128gcm)."""
    assert request.headers["content-encoding"] == "aes128gcm"
    plain = http_ece.decrypt(
        request.body,
        private_key=browser.private_key,
        auth_secret=browser.auth_secret,
        version="aes128gcm",
    )
    return json.loads(plain)
