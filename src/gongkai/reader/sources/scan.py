"""Scanned reports: page images made ready for OCR, then read like any other document.

An image file (PNG, JPEG) is one page; a PDF without a text layer is drawn page by page
at `DPI`. Each page is turned grey, scaled to a size Tesseract reads well, straightened
(a scanner or a camera leaves pages turned by a degree or two, which would put the
cells of one table row on different text lines), and the table rules are found and
taken out of the picture (Tesseract reads rules as 1, l or 丨 and they break its line
finding). The rules then place each recognised word in its table cell
(`scan_layout`). Bounds: an image of more than `MAX_PIXELS`, or more than `MAX_PAGES`
pages to recognise, is refused before any work.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from gongkai.errors import ReportFileError
from gongkai.reader.sources.document import Document
from gongkai.reader.sources.ocr import check_engine, recognize_pages
from gongkai.reader.sources.scan_cells import (
    number_slots,
    one_per_line,
    read_strip,
    replace_numbers,
    strip_image,
)
from gongkai.reader.sources.scan_layout import Page, scan_document

DPI = 200  # drawing scanned PDF pages; 200 dpi reads as well as 300 here, and faster
MAX_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 million
MAX_PAGES = 60
# Page widths (pixels) Tesseract reads best at: body text 10.5-12 pt at 200-300 dpi.
_NARROWEST, _WIDEST = 1400, 2600
_SKEW_LIMIT = 3.0  # degrees searched either way

Image.MAX_IMAGE_PIXELS = (
    MAX_PIXELS  # Pillow refuses bigger images (decompression bombs)
)

Mask = NDArray[np.bool_]


@dataclass
class Prepared:
    image: Image.Image  # black and white, straightened, rules removed
    ink: Mask  # its black pixels, specks left out
    horizontal: Mask  # pixels of horizontal rules
    vertical: Mask
    scale: float  # prepared pixels per original pixel
    angle: float  # degrees the page was turned back
    size: tuple[int, int]  # of the original page image


def image_documents(data: bytes, name: str) -> list[Document]:
    """Return the document of a report scanned to an image file (PNG or JPEG).

    Raises:
        ReportFileError: not a readable image, too big, or OCR is not installed.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReportFileError(
            name, "", f"the image is too big (over {MAX_PIXELS:,} pixels)"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReportFileError(name, "", f"the image cannot be read ({exc})") from exc
    check_engine(name)
    return scan_documents([image], name, None)


def scanned_pdf_documents(data: bytes, name: str) -> list[Document]:
    """Return the views of a PDF without a text layer, its pages drawn at `DPI`.

    Raises:
        ReportFileError: too many pages or pixels, or OCR is not installed.
    """
    check_engine(name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReportFileError(name, "", f"the PDF cannot be read ({exc})") from exc
    try:
        if len(pdf) > MAX_PAGES:
            raise ReportFileError(
                name, "", f"{len(pdf)} scanned pages; OCR reads at most {MAX_PAGES}"
            )
        images = []
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()  # points
            pixels = width * height * (DPI / 72) ** 2
            scale = DPI / 72 * min(1.0, math.sqrt(MAX_PIXELS / max(pixels, 1)))
            images.append(page.render(scale=scale, grayscale=True).to_pil())
    finally:
        pdf.close()
    return scan_documents(images, name, DPI)


def scan_documents(
    images: list[Image.Image], name: str, dpi: int | None
) -> list[Document]:
    """Return the views of the pages of a scanned report (see `scan_layout`).

    Raises:
        ReportFileError: too many pages, or OCR failed.
    """
    if len(images) > MAX_PAGES:
        raise ReportFileError(
            name, "", f"{len(images)} scanned pages; OCR reads at most {MAX_PAGES}"
        )
    prepared = [prepare(image) for image in images]
    words = recognize_pages([page.image for page in prepared], name)
    slots = [
        number_slots(page.ink, page.horizontal, page.vertical, page_words)
        for page, page_words in zip(prepared, words, strict=True)
    ]
    strips = [
        strip_image(page.ink, page_slots)
        for page, page_slots in zip(prepared, slots, strict=True)
    ]
    numbers = recognize_pages(strips, name, numbers=True)
    readings = [
        read_strip(page_slots, page_numbers)
        for page_slots, page_numbers in zip(slots, numbers, strict=True)
    ]
    # The cells of lines that lost characters, read again one to a line.
    again = [
        one_per_line([page_slots[i] for i in failed])
        for page_slots, (_, failed) in zip(slots, readings, strict=True)
    ]
    retried = recognize_pages(
        [
            strip_image(page.ink, single)
            for page, single in zip(prepared, again, strict=True)
        ],
        name,
        numbers=True,
    )
    for (found, failed), single, chars in zip(readings, again, retried, strict=True):
        for position, cell_chars in read_strip(single, chars)[0].items():
            found[failed[position]] = cell_chars
    words = [
        replace_numbers(page_words, page_slots, found)
        for page_words, page_slots, (found, _) in zip(
            words, slots, readings, strict=True
        )
    ]
    pages = [
        Page(
            number,
            page_words,
            page.horizontal,
            page.vertical,
            _to_original(page),
            dpi,
        )
        for number, (page, page_words) in enumerate(
            zip(prepared, words, strict=True), start=1
        )
    ]
    return scan_document(pages)


def prepare(image: Image.Image) -> Prepared:
    """Return the page grey, at a good size, straightened and without its rules."""
    size = image.size
    grey = image.convert("L")
    scale = 1.0
    if grey.width > _WIDEST or grey.width < _NARROWEST:
        scale = (_WIDEST if grey.width > _WIDEST else _NARROWEST) / grey.width
        grey = grey.resize(
            (round(grey.width * scale), round(grey.height * scale)),
            Image.Resampling.LANCZOS,
        )
    angle = skew_angle(grey)
    if abs(angle) >= 0.05:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(grey)
    dark = pixels < _threshold(pixels)
    length = max(40, grey.width // 25)  # a rule is longer than any stroke of a glyph
    horizontal = _runs(dark, length, axis=1)
    vertical = _runs(dark, length, axis=0)
    # Black ink on white paper, without the rules: grey noise and the rules' edges
    # would otherwise come back as ghost lines.
    ink = dark & ~_grow(_grow(horizontal | vertical))
    cleaned = np.where(ink, 0, 255).astype(np.uint8)
    return Prepared(
        Image.fromarray(cleaned, "L"),
        _despeckled(ink),
        horizontal,
        vertical,
        scale,
        angle,
        size,
    )


def skew_angle(grey: Image.Image) -> float:
    """Return the angle (degrees) that straightens the page's text lines and rules.

    The rows of a straight page are either ink or paper, so the row sums of its dark
    pixels vary most at the angle that straightens it (projection profile): tried at
    0.25° steps within ±3°, then at 0.05° around the best.
    """
    small = grey.resize((800, max(1, round(grey.height * 800 / grey.width))))
    pixels = np.asarray(small)
    binary = Image.fromarray(
        np.where(pixels < _threshold(pixels), 255, 0).astype(np.uint8), "L"
    )

    def spread(angle: float) -> float:
        turned = binary.rotate(angle, resample=Image.Resampling.NEAREST)
        rows = np.asarray(turned, dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-_SKEW_LIMIT, _SKEW_LIMIT + 0.01, 0.25)
    best = max(coarse, key=spread)
    fine = np.arange(best - 0.2, best + 0.21, 0.05)
    return round(float(max(fine, key=spread)), 2)


def _threshold(pixels: NDArray[np.uint8]) -> int:
    """Otsu's threshold between ink and paper, never above 200 (paper of a bright
    scan)."""
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(counts)
    total = weight[-1]
    mean = np.cumsum(counts * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(
        weight * (total - weight), 1
    )
    return min(200, int(np.argmax(between)))


def _runs(dark: Mask, length: int, axis: int) -> Mask:
    """Pixels that belong to a straight run of at least `length` dark pixels along
    `axis` (1: horizontal rules, 0: vertical), allowing a one-pixel wobble."""
    # A rule a pixel thick may step a pixel up or down: look at three rows at once.
    spread = dark.copy()
    if axis == 1:
        spread[1:] |= dark[:-1]
        spread[:-1] |= dark[1:]
    else:
        spread[:, 1:] |= dark[:, :-1]
        spread[:, :-1] |= dark[:, 1:]
    counts = np.cumsum(spread, axis=axis, dtype=np.int32)
    zero = np.zeros_like(counts.take([0], axis=axis))
    counts = np.concatenate([zero, counts], axis=axis)
    size = dark.shape[axis]
    if size < length:
        return np.zeros_like(dark)
    full = (
        counts.take(range(length, size + 1), axis=axis)
        - counts.take(range(0, size - length + 1), axis=axis)
    ) == length
    # A pixel belongs to a rule when some full window covers it.
    marks = np.concatenate(
        [zero, np.cumsum(full, axis=axis, dtype=np.int32)], axis=axis
    )
    at = np.arange(size)
    lower = np.maximum(at - length + 1, 0)
    upper = np.minimum(at + 1, size - length + 1)
    covered: Mask = marks.take(upper, axis=axis) - marks.take(lower, axis=axis) > 0
    return covered & dark


def _despeckled(ink: Mask) -> Mask:
    """The ink without specks: a pixel with fewer than three dark neighbours is dust
    or noise (the strokes of glyphs are three pixels thick and more at 200 dpi)."""
    padded = np.pad(ink, 1).astype(np.int8)
    height, width = ink.shape
    neighbours = sum(
        padded[1 + dy : 1 + dy + height, 1 + dx : 1 + dx + width]
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
        if dy or dx
    )
    return ink & (neighbours >= 3)


def _grow(mask: Mask) -> Mask:
    """The mask and its neighbours one pixel around (the grey edge of a rule)."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def _to_original(page: Prepared) -> tuple[float, float, float, float]:
    """What `scan_layout` needs to map a prepared box back to the original image:
    scale, angle in radians, and the centre of rotation."""
    width, height = page.image.size
    return page.scale, float(np.radians(page.angle)), width / 2, height / 2
