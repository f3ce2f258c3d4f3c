"""The real model, with the network closed: it loads from the wheel and reads synthetic
cards. Slow (a few seconds on two shared cores): the only tests that run the OCR."""

from __future__ import annotations

import json
import socket
from importlib import resources
from io import StringIO

import pytest
from django.core.management import call_command

from satupintu.reading import engine, evaluation, synthetic


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the reading tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_models_ship_in_the_wheel():
    shipped = {p.name for p in resources.files("rapidocr").joinpath("models").iterdir()}
    assert {n for n in shipped if n.endswith(".onnx")} >= {
        "PP-OCRv6_det_small.onnx",
        "PP-OCRv6_rec_small.onnx",
    }


@pytest.mark.slow
def test_cards_are_read_with_the_network_closed(no_network, tmp_path):
    engine.engine.cache_clear()  # load the models again, now without a network
    report = evaluation.evaluate(3)  # two KTPs and a KK
    figures = report.as_dict()
    assert figures["accuracy"]["nik"] == 1.0, report.misses
    assert figures["accuracy"]["kind"] == 1.0
    assert figures["correct_nik_falsely_flagged"] == 0.0
    assert figures["wrong_nik_flagged"] == 1.0

    data, truth = next(synthetic.make_set(1, seed=7))
    (tmp_path / truth.file).write_bytes(data)
    out = StringIO()
    call_command(
        "read_document", str(tmp_path / truth.file), "--json", "--nik", truth.nik,
        "--name", truth.name, stdout=out,
    )  # fmt: skip
    row = json.loads(out.getvalue().splitlines()[0])
    assert (row["file"], row["nik"], row["status"]) == (
        str(tmp_path / truth.file),
        truth.nik,
        "match",
    )
