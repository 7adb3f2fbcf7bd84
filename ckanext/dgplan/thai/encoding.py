"""Which text encoding a table file from a Thai agency is written in, decided on the whole file.

Thai agencies' CSV files come in four encodings: Excel on Thai Windows writes Windows-874 (cp874, a
superset of TIS-620 with “ ” – … at 0x80–0x9F), Excel's "CSV UTF-8" writes UTF-8 with a BOM,
LibreOffice and scripts write UTF-8, and a few tools write UTF-16 with a BOM. chardet, which
ckanext-xloader asks, gives cp874 files a confidence of about 0.28 (or says Windows-1252 when the Thai
starts late in the file), so xloader loads them as cp1252 mojibake. The rule here needs no guessing:

1. a BOM decides (UTF-8, UTF-16 little or big endian);
2. a file that is valid UTF-8 from its first byte to its last is UTF-8 (plain ASCII included);
3. a file whose bytes above 0x7F are all defined in cp874, are mostly Thai letters, vowels, tone
   marks and digits (0xA1–0xFB), and whose vowel and tone marks follow letters rather than ASCII
   (Latin-1 accented letters fall in the same byte range) is cp874;
4. a file that is mostly UTF-8 with some broken bytes stays UTF-8 (reading it as a single-byte code
   page would turn every Thai letter into mojibake); its load then fails with a clear error;
5. anything else is cp1252, ckanext-xloader's own single-byte fallback.

The whole file is read in 1 MB chunks (one pass, constant memory): a file whose first thousands of
rows are ASCII and whose Thai starts late is decided on the Thai too.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["ENCODINGS", "Detection", "detect_encoding", "detect_file_encoding", "normalize_encoding_name"]

# The encodings a publisher may choose for a resource (the dgplan_encoding field) besides "auto".
ENCODINGS = ("utf-8", "utf-8-sig", "cp874", "utf-16", "cp1252")
CHUNK_SIZE = 1 << 20

_ASCII = bytes(range(0x80))
# Thai letters, vowels, tone marks, signs and digits in TIS-620/cp874.
_THAI_BYTES = bytes(b for b in range(0xA1, 0xFC) if not 0xDB <= b <= 0xDE)
# A Thai vowel or tone mark sits on a Thai letter; after an ASCII byte it means the bytes are not Thai
# (Latin-1 "é" is 0xE9, cp874's tone mark mai tho).
_MISPLACED_MARK = re.compile(rb"[\x00-\x7f][\xd1\xd4-\xda\xe7-\xee]")
_ALIASES = {
    "utf8": "utf-8", "utf-8": "utf-8", "utf_8": "utf-8",
    "utf-8-sig": "utf-8-sig", "utf_8_sig": "utf-8-sig", "utf-8-bom": "utf-8-sig", "utf8-bom": "utf-8-sig",
    "cp874": "cp874", "windows-874": "cp874", "tis-620": "cp874", "tis620": "cp874", "iso-8859-11": "cp874",
    "utf-16": "utf-16", "utf16": "utf-16", "utf_16": "utf-16",
    "cp1252": "cp1252", "windows-1252": "cp1252", "latin-1": "cp1252", "iso-8859-1": "cp1252",
}


def _cp874_undefined() -> bytes:
    """cp874 bytes with no character: a file containing any of them is not cp874."""
    undefined = bytearray()
    for b in range(0x80, 0x100):
        try:
            bytes([b]).decode("cp874")
        except UnicodeDecodeError:
            undefined.append(b)
    return bytes(undefined)


_CP874_UNDEFINED = _cp874_undefined()


@dataclass(frozen=True)
class Detection:
    """The decision and why: ``reason`` is one of ``bom``, ``utf-8``, ``thai-bytes``, ``damaged-utf-8``,
    ``single-byte``."""

    encoding: str
    reason: str


def normalize_encoding_name(name: str | None) -> str | None:
    """A publisher's or a tool's name for an encoding as one of :data:`ENCODINGS`; ``None`` for
    empty/"auto" (detect) and for names this module does not know (TIS-620 is read as cp874, its
    superset)."""
    if not name:
        return None
    return _ALIASES.get(name.strip().lower().replace(" ", "-"))


def detect_encoding(chunks: Iterable[bytes]) -> Detection:
    """Decide the encoding of the bytes given in ``chunks`` (all of them are read)."""
    it = iter(chunks)
    head = b""
    for chunk in it:
        head += chunk
        if len(head) >= 4:
            break
    if head.startswith(codecs.BOM_UTF8):
        return Detection("utf-8-sig", "bom")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Detection("utf-16", "bom")
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    broken = non_ascii = high = thai = undefined = misplaced = 0

    def all_chunks() -> Iterator[bytes]:
        yield head
        yield from it

    for chunk in all_chunks():
        text = decoder.decode(chunk)
        broken += text.count("\ufffd")
        non_ascii += len(text) - len(text.encode("ascii", "ignore"))
        rest = chunk.translate(None, _ASCII)
        if rest:
            high += len(rest)
            thai += len(rest) - len(rest.translate(None, _THAI_BYTES))
            undefined += len(rest) - len(rest.translate(None, _CP874_UNDEFINED))
            misplaced += len(_MISPLACED_MARK.findall(chunk))
    text = decoder.decode(b"", final=True)
    broken += text.count("\ufffd")
    if not broken:
        return Detection("utf-8", "utf-8")
    if not undefined and thai * 2 >= high and misplaced * 20 <= thai:
        return Detection("cp874", "thai-bytes")
    if non_ascii - broken > broken:
        return Detection("utf-8", "damaged-utf-8")
    return Detection("cp1252", "single-byte")


def _read_chunks(fh: BinaryIO, size: int) -> Iterator[bytes]:
    while chunk := fh.read(size):
        yield chunk


def detect_file_encoding(path: str, chunk_size: int = CHUNK_SIZE) -> Detection:
    """:func:`detect_encoding` on the file at ``path``, read in chunks (the file is not changed)."""
    with open(path, "rb") as fh:
        return detect_encoding(_read_chunks(fh, chunk_size))
