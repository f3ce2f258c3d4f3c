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

Recognition costs about twice what detection does, so it is asked for only where it is
needed: `read_image(data, plan=...)` detects the text boxes first and hands a `Scan` to the
plan, which recognises the boxes it wants (`Scan.recognise`), in as many steps as it likes,
and returns the page it read (`cards.card_plan` reads a card's field rows and a KK's needed
columns). Without a plan every box is recognised.
"""

from __future__ import annotations

import functools
import io
import math
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

DET_SIDE = 736
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


@dataclass
class Scan:
    """The boxes detection found on an image, not yet read: `boxes` are Lines without text
    (score 0); `recognise` reads the ones asked for, each at most once."""

    boxes: tuple[Line, ...]
    width: int
    height: int
    _crops: list = field(repr=False, default_factory=list)
    _read: dict[int, Line] = field(repr=False, default_factory=dict)

    def recognise(self, indices: Iterable[int]) -> list[Line]:
        """The lines of these boxes (of `boxes`), read; those below the engine's text score
        or empty are left out."""
        todo = [i for i in dict.fromkeys(indices) if i not in self._read]
        if todo:
            from rapidocr.ch_ppocr_rec import TextRecInput

            ocr = engine()
            found = ocr._load_rec_model()(TextRecInput(img=[self._crops[i] for i in todo]))
            for i, text, score in zip(todo, found.txts or (), found.scores or (), strict=False):
                self._read[i] = Line(text=str(text), score=float(score), box=self.boxes[i].box)
        return [
            line
            for line in self._read.values()
            if line.text.strip() and line.score >= engine().text_score
        ]

    def line(self, index: int) -> Line | None:
        """The line read in box `index`, if it was recognised and kept."""
        line = self._read.get(index)
        return line if line is not None and line.text.strip() else None

    def page(self) -> Page:
        """What has been read so far."""
        return Page(lines=tuple(self.recognise(())), width=self.width, height=self.height)


def read_all(scan: Scan) -> Page:
    scan.recognise(range(len(scan.boxes)))
    return scan.page()


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


Plan = Callable[[Scan], Page]


def _run(data: bytes, plan: Plan) -> Page:
    pixels, (width, height) = _image(data)
    with _lock:
        ocr = engine()
        # det alone (this sets the shared engine to det only: every reading comes here and
        # recognises through `Scan.recognise`, rapidocr 3.10's own crop and rec steps)
        detected = ocr(pixels, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(detected, "boxes", None)
        if boxes is None or not len(boxes):
            return Page(lines=(), width=width, height=height)
        scan = Scan(
            boxes=tuple(
                Line(text="", score=0.0, box=tuple((float(x), float(y)) for x, y in box))
                for box in boxes
            ),
            width=width,
            height=height,
            _crops=ocr.crop_text_regions(pixels, boxes),
        )
        return plan(scan)


def read_image(data: bytes, *, timeout: float | None = None, plan: Plan = read_all) -> Page:
    """The lines of a JPEG or PNG (those `plan` chose to recognise; all by default).
    TimeoutError when the model takes longer than `timeout` seconds (the thread finishes the
    image on its own and the result is dropped)."""
    future: Future[Page] = _runner().submit(_run, data, plan)
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
