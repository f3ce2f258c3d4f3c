"""The OCR engine: RapidOCR (PP-OCR models in ONNX, run by onnxruntime on the CPU).

The models ship inside the `rapidocr` wheel (rapidocr/models/*.onnx), so nothing is
fetched at run time and no personal data leaves the machine (test_offline.py proves it
with the network closed). The engine is loaded once per process (`engine()`), on first
use, and every reading in the process goes through one thread (`read_lines`), which also
gives the caller a time limit: a reading that takes longer is abandoned, not waited for.

Det is run on the image scaled to at most `DET_SIDE` pixels on its longer side, the 180°
classifier is off (uploads are turned upright from their EXIF before they are stored), and
onnxruntime runs on `settings.READING_THREADS` threads (1 by default: on two cores shared
with the web server its spinning thread pool took two to three times longer, measured in
docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import io
import math
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

DET_SIDE = 960
MAX_SIDE = 1600  # larger photos are scaled down first: text stays readable, time does not grow

_lock = threading.Lock()


@dataclass(frozen=True)
class Line:
    """One line of text found: its text, confidence and corner points (clockwise from
    the top left)."""

    text: str
    score: float
    box: tuple[tuple[float, float], ...]

    @property
    def centre(self) -> tuple[float, float]:
        return (
            sum(p[0] for p in self.box) / len(self.box),
            sum(p[1] for p in self.box) / len(self.box),
        )

    @property
    def height(self) -> float:
        return math.dist(self.box[0], self.box[3])

    @property
    def width(self) -> float:
        return math.dist(self.box[0], self.box[1])

    @property
    def angle(self) -> float:
        (x0, y0), (x1, y1) = self.box[0], self.box[1]
        return math.atan2(y1 - y0, x1 - x0)


@dataclass(frozen=True)
class Page:
    """What the engine saw: the lines, and the size of the image they were found on."""

    lines: tuple[Line, ...]
    width: int
    height: int


@functools.cache
def engine():
    """The RapidOCR engine with the models of its own wheel (loaded once per process)."""
    from django.conf import settings
    from rapidocr import RapidOCR

    threads = int(getattr(settings, "READING_THREADS", 1))
    return RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Det.limit_type": "max",
            "Det.limit_side_len": DET_SIDE,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


@functools.cache
def _runner() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="satupintu-ocr")


def _image(data: bytes):
    import numpy as np
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(image)[:, :, ::-1].copy(), image.size  # RapidOCR takes BGR


def _run(data: bytes) -> Page:
    pixels, (width, height) = _image(data)
    with _lock:
        result = engine()(pixels)
    if result.boxes is None or result.txts is None:
        return Page(lines=(), width=width, height=height)
    lines = tuple(
        Line(
            text=str(text),
            score=float(score),
            box=tuple((float(x), float(y)) for x, y in box),
        )
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=False)
    )
    return Page(lines=lines, width=width, height=height)


def read_image(data: bytes, *, timeout: float | None = None) -> Page:
    """The lines of a JPEG or PNG. TimeoutError when the model takes longer than `timeout`
    seconds (the thread finishes the image on its own and the result is dropped)."""
    future: Future[Page] = _runner().submit(_run, data)
    return future.result(timeout=timeout)


def pdf_content(data: bytes) -> tuple[bytes | None, str]:
    """A PDF's first page: its largest embedded image (a scan) and its own text (a PDF
    made by a program). Either may be missing."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    page = reader.pages[0]
    text = page.extract_text() or ""
    best: bytes | None = None
    try:
        images = list(page.images)
    except Exception:  # a broken image stream: read the text alone
        images = []
    for image in images:
        if best is None or len(image.data) > len(best):
            best = image.data
    return best, text
