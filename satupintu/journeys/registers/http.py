"""The HTTP transport of the register adapters: one JSON POST, no retry (a check is asked
again by the officer), errors read as RegisterUnavailable."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from satupintu.journeys.registers.base import RegisterUnavailable, Transport


def http_transport(base_url: str, *, headers: dict[str, str], timeout: float) -> Transport:
    def send(path: str, body: dict) -> dict:
        request = urllib.request.Request(  # noqa: S310 — the operator configures the URL
            base_url.rstrip("/") + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                answer = json.loads(response.read(1024 * 1024))
        except urllib.error.HTTPError as error:
            try:
                answer = json.loads(error.read(1024 * 1024))
            except ValueError as exc:
                raise RegisterUnavailable from exc
        except (OSError, ValueError) as exc:
            raise RegisterUnavailable from exc
        if not isinstance(answer, dict):
            raise RegisterUnavailable
        return answer

    return send
