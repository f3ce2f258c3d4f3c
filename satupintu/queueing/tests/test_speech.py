"""How the board reads numbers and calls aloud (Indonesian), and the server's espeak-ng voice."""

from __future__ import annotations

import os
import shutil
import subprocess
import wave

import pytest

from satupintu.queueing.board import speech

NUMBERS = {
    0: "nol",
    1: "satu",
    7: "tujuh",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    45: "empat puluh lima",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    105: "seratus lima",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    115: "seratus lima belas",
    199: "seratus sembilan puluh sembilan",
    200: "dua ratus",
    250: "dua ratus lima puluh",
    999: "sembilan ratus sembilan puluh sembilan",
    1000: "seribu",
    1001: "seribu satu",
    1011: "seribu sebelas",
    1100: "seribu seratus",
    1999: "seribu sembilan ratus sembilan puluh sembilan",
    2000: "dua ribu",
    2024: "dua ribu dua puluh empat",
    9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
    11000: "sebelas ribu",
    100000: "seratus ribu",
}


@pytest.mark.parametrize(("n", "words"), NUMBERS.items())
def test_numbers_are_read_in_indonesian_words(n, words):
    assert speech.number_in_words(n) == words


@pytest.mark.parametrize("n", [-1, 1_000_000])
def test_numbers_outside_the_range_are_refused(n):
    with pytest.raises(ValueError, match="outside"):
        speech.number_in_words(n)


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("001", "nol nol satu"),
        ("012", "nol dua belas"),
        ("010", "nol sepuluh"),
        ("100", "seratus"),
        ("105", "seratus lima"),
        ("0999", "nol sembilan ratus sembilan puluh sembilan"),
        ("1000", "seribu"),
        ("000", "nol nol nol"),
    ],
)
def test_printed_numbers_keep_their_leading_zeros(digits, words):
    assert speech.digits_in_words(digits) == words


@pytest.mark.parametrize(
    ("number", "counter", "text"),
    [
        ("A-012", 3, "Nomor antrian, A, nol dua belas, silakan menuju loket tiga."),
        ("A-001", 1, "Nomor antrian, A, nol nol satu, silakan menuju loket satu."),
        ("B-105", 11, "Nomor antrian, B, seratus lima, silakan menuju loket sebelas."),
        ("P-1000", 26, "Nomor antrian, P, seribu, silakan menuju loket dua puluh enam."),
        ("AB-020", 110, "Nomor antrian, A B, nol dua puluh, silakan menuju loket seratus sepuluh."),
    ],
)
def test_announcement_text(number, counter, text):
    assert speech.announcement_text(number, counter) == text


def test_a_burst_is_said_in_shorter_phrasings_that_still_name_the_number_and_counter():
    assert list(speech.PHRASINGS) == ["full", "brief", "short"]  # longest first
    said = {p: speech.announcement_text("A-012", 3, p) for p in speech.PHRASINGS}
    assert said["brief"] == "Nomor antrian, A, nol dua belas, ke loket tiga."
    assert said["short"] == "Nomor A, nol dua belas, loket tiga."
    assert len(said["full"]) > len(said["brief"]) > len(said["short"])
    with pytest.raises(speech.InvalidCall):
        speech.announcement_text("A-012", 3, "whisper")


@pytest.mark.parametrize(
    ("number", "counter"),
    [
        ("a-012", 1),
        ("A012", 1),
        ("A-12", 1),
        ("A-12345", 1),
        ("ABCD-012", 1),
        ("A-012; rm -rf /", 1),
        ("A-012\n", 1),
        ("A-\u0661\u0662\u0663", 1),  # Arabic-Indic digits
        ("A-012", 0),
        ("A-012", 1000),
    ],
)
def test_only_real_calls_are_announced(number, counter):
    with pytest.raises(speech.InvalidCall):
        speech.announcement_text(number, counter)


# --- the server's voice

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and os.environ.get("CI") != "true",
    reason="espeak-ng is not installed (apt-get install espeak-ng); CI requires it",
)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@needs_espeak
def test_espeak_makes_a_mono_wav_once_and_then_reads_the_cache(data_dir, monkeypatch):
    path = speech.announcement_wav("A-012", 3)
    assert path is not None and path.parent == speech.cache_dir()
    with wave.open(str(path)) as audio:
        assert audio.getnchannels() == 1
        assert audio.getnframes() / audio.getframerate() > 0.5
    assert [p.name for p in path.parent.iterdir()] == ["A-012_3.wav"]  # no temporary left

    def no_second_run(*args, **kwargs):
        raise AssertionError("espeak-ng ran again for a cached phrase")

    monkeypatch.setattr(subprocess, "run", no_second_run)
    assert speech.announcement_wav("A-012", 3) == path


def test_without_espeak_there_is_no_wav_and_no_error(data_dir, monkeypatch):
    monkeypatch.setattr(speech.shutil, "which", lambda name: None)
    assert speech.announcement_wav("A-012", 3) is None


def test_a_failing_espeak_leaves_no_file_behind(data_dir, monkeypatch):
    monkeypatch.setattr(speech.shutil, "which", lambda name: "/usr/bin/espeak-ng")

    def fails(argv, **kwargs):
        with open(argv[argv.index("-w") + 1], "wb") as half_written:
            half_written.write(b"RIFF")
        raise subprocess.TimeoutExpired(argv, kwargs["timeout"])

    monkeypatch.setattr(speech.subprocess, "run", fails)
    assert speech.announcement_wav("A-012", 3) is None
    assert list(speech.cache_dir().iterdir()) == []
