"""Printed words in a page image, recognised by Tesseract with its Chinese model.

The engine is Debian's `tesseract` program with `chi_sim` (packages tesseract-ocr and
tesseract-ocr-chi-sim, installed by scripts/system-deps.sh): nothing is downloaded at
run time. It is called directly for its TSV output (one row per word: box and
confidence) rather than through a wrapper library: pytesseract does the same through
temporary files and adds nothing the reader uses, and tesserocr's wheels carry their
own copy of libtesseract instead of Debian's. Each call gets one page as a PGM on
standard input; OpenMP threads are limited to one, so pages run side by side instead.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image

from gongkai.errors import ReportFileError

LANGUAGE = "chi_sim"
DIGITS_LANGUAGE = os.environ.get(
    "XLANG", "eng"
)  # installed with tesseract-ocr (tesseract-ocr-eng)
# Seconds one page may take; a page of a report takes 2-10 s on a loaded core.
PAGE_TIMEOUT = 180
# What a cell of numbers may print: digits, decimal point, signs, blank marks (a unit
# after the number, 元 or 万元, is kept from the page's reading).
NUMBER_CHARACTERS = "0123456789.,+-/%"


@dataclass(frozen=True)
class Word:
    """One word (for Chinese, often one character or a few) and where it was printed."""

    text: str
    confidence: int  # 0-100, Tesseract's own estimate
    left: int
    top: int
    right: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def check_engine(name: str) -> None:
    """Make sure Tesseract and its Chinese model are installed.

    Raises:
        ReportFileError: they are not (the scanned file cannot be read here).
    """
    program = shutil.which("tesseract")
    if program is None:
        raise ReportFileError(
            name,
            "",
            "scanned pages need OCR: install tesseract-ocr and tesseract-ocr-chi-sim "
            "(scripts/system-deps.sh)",
        )
    listed = subprocess.run(
        [program, "--list-langs"], capture_output=True, text=True, check=False
    )
    if LANGUAGE not in listed.stdout.split():
        raise ReportFileError(
            name,
            "",
            "scanned pages need Tesseract's Chinese model: install "
            "tesseract-ocr-chi-sim (scripts/system-deps.sh)",
        )


def recognize_pages(
    images: list[Image.Image | None], name: str, *, numbers: bool = False
) -> list[list[Word]]:
    """Return the words of each page image (none for None), pages recognised side by
    side; with `numbers`, the images are columns of number cells (`recognize`).

    Raises:
        ReportFileError: Tesseract failed or took too long on a page.
    """
    workers = max(1, min(len(images), os.cpu_count() or 1, 4))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(recognize, image, name, number, numbers=numbers)
            for number, image in enumerate(images, start=1)
            if image is not None
        ]
        results = iter([future.result() for future in futures])
        return [next(results) if image is not None else [] for image in images]


def recognize(
    image: Image.Image, name: str, page: int, *, numbers: bool = False
) -> list[Word]:
    """Return the words Tesseract reads in one greyscale page image; with `numbers`,
    an image of one number per line, read as digits, signs and units only.

    Raises:
        ReportFileError: Tesseract failed or took too long.
    """
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # a greyscale image saves as PGM: no compression work
    # Page segmentation 4 (a column of lines of varied sizes) keeps the lone digits of
    # table cells that the default (3) drops as specks.
    command = ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", "4"]
    if numbers:
        # Box output: one box per character, as the digits of neighbouring cells come
        # back as one word. (The English model read the seed scans' digits worse:
        # 98.4 % of cells right against 99.8 % with chi_sim.)
        command[6] = "6"
        command += ["-c", f"tessedit_char_whitelist={NUMBER_CHARACTERS}", "makebox"]
    else:
        command.append("tsv")
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            command,
            input=buffer.getvalue(),
            capture_output=True,
            env=environment,
            timeout=PAGE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReportFileError(
            name, f"page {page}", f"OCR took longer than {PAGE_TIMEOUT} s"
        ) from exc
    except OSError as exc:
        raise ReportFileError(
            name, f"page {page}", f"OCR could not start ({exc})"
        ) from exc
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReportFileError(
            name,
            f"page {page}",
            f"OCR failed ({problem[-1] if problem else done.returncode})",
        )
    output = done.stdout.decode("utf-8", "replace")
    if numbers:
        return parse_boxes(output, image.height)
    return parse_tsv(output)


def parse_tsv(tsv: str) -> list[Word]:
    """Return the words of Tesseract's TSV output (level 5 rows with text)."""
    words = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue
        text = fields[11].strip()
        if not text:
            continue  # a table rule or a speck read as an empty word
        left, top, width, height = (int(value) for value in fields[6:10])
        confidence = round(float(fields[10]))
        words.append(Word(text, confidence, left, top, left + width, top + height))
    return words


def parse_boxes(boxes: str, height: int) -> list[Word]:
    """Return the characters of Tesseract's box output (`c left bottom right top
    page`, counted from the bottom of an image `height` pixels high) as words without
    a confidence (-1: Tesseract gives none for boxes)."""
    words = []
    for row in boxes.splitlines():
        fields = row.split(" ")
        if len(fields) != 6 or not fields[0]:
            continue
        left, bottom, right, top = (int(value) for value in fields[1:5])
        words.append(Word(fields[0], -1, left, height - top, right, height - bottom))
    return words
