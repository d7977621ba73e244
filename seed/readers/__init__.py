"""Readers, one per kind of input, all producing :class:`seed.document.Document`.

The kind is told from the content (magic bytes, structure), not from the file's name: a PDF, a Word file,
text copied from a PDF with its layout, or Markdown / plain text. Whatever cannot be read is refused with a
Spanish message that says what is supported.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from seed.document import Document
from seed.informe import InformeFormatError
from seed.readers.layout import read_layout
from seed.readers.text import read_text

SUPPORTED = "Formatos admitidos: PDF con texto, Word (.docx), Markdown o texto (.md, .txt)."


class UnreadableInforme(InformeFormatError):
    """The file cannot be read as an informe; the message says why, in Spanish."""


def detect_kind(data: bytes) -> str:
    """ "pdf", "docx" or "text" from the file's first bytes; raise :class:`UnreadableInforme` for others."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise UnreadableInforme(f"el archivo comprimido está dañado. {SUPPORTED}") from None
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            raise UnreadableInforme(f"es un documento de OpenDocument (.odt): guárdalo como .docx o PDF. {SUPPORTED}")
        raise UnreadableInforme(f"es un archivo comprimido (.zip) que no es un documento de Word. {SUPPORTED}")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableInforme(f"es un Word 97-2003 (.doc): guárdalo como .docx o PDF. {SUPPORTED}")
    if head.startswith(b"{\\rtf"):
        raise UnreadableInforme(f"es un documento RTF: guárdalo como .docx o PDF. {SUPPORTED}")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        raise UnreadableInforme(f"es una imagen; no leo texto de imágenes. {SUPPORTED}")
    return "text"


def decode_text(data: bytes) -> str:
    """Text as UTF-8 (or UTF-16 with its BOM); a line that is not valid UTF-8 alone falls back to Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableInforme(f"el texto UTF-16 está dañado. {SUPPORTED}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:4096]:
        raise UnreadableInforme(f"el archivo contiene datos binarios, no texto. {SUPPORTED}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
    return "\n".join(lines)


_LAYOUT_GAP_RE = re.compile(r"\S {3,}\S")
_PIPE_RULE_LINE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$", re.MULTILINE)


def looks_laid_out(text: str) -> bool:
    """Text copied from a PDF with its layout: page breaks or many lines with wide inner gaps, and no
    Markdown tables (tabs, or pipes over a ``|---|`` rule)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or _PIPE_RULE_LINE_RE.search(text) or sum("\t" in ln for ln in lines) > len(lines) // 20:
        return False
    gapped = sum(bool(_LAYOUT_GAP_RE.search(ln.strip())) for ln in lines)
    indented = sum(ln.startswith("     ") for ln in lines)
    return text.count("\f") >= 2 or gapped >= max(5, len(lines) // 15) or indented >= len(lines) // 5


def read_document(data: bytes, source_name: str = "") -> Document:
    """Read an informe in any supported form into the document model."""
    kind = detect_kind(data)
    # The PDF and Word readers load pdfplumber and python-docx (about 80 and 50 ms): only a file of that
    # form pays for them, not every command that imports the importer.
    if kind == "pdf":
        from seed.readers.pdf import PdfError, read_pdf

        try:
            return read_pdf(data, source_name)
        except PdfError as error:
            raise UnreadableInforme(f"{error}. {SUPPORTED}") from None
    if kind == "docx":
        from seed.readers.word import WordError, read_word

        try:
            return read_word(data, source_name)
        except WordError:
            raise UnreadableInforme(f"el documento de Word está dañado. {SUPPORTED}") from None
    text = decode_text(data)
    return read_text_document(text, source_name)


def read_text_document(text: str, source_name: str = "") -> Document:
    """Read text already decoded: as laid out by a PDF copy, or as Markdown / plain text."""
    if looks_laid_out(text):
        return read_layout(text, source_name)
    return read_text(text, source_name)
