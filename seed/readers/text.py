"""Markdown or plain text: headings with ``#`` or in bold, tables (tab-separated rows, or GitHub pipe tables
with their ``|---|`` rule), lists, footnotes."""

from __future__ import annotations

import html
import re

from lang.spanish import ACUERDO_CODE_RE
from seed.document import NOTE_CALL, Block, BlockKind, Document, clean_text, finish, is_index_line, make_table

_TAG_RE = re.compile(r"</?(?:b|strong|i|em|u|span|br|p|div)\b[^>]*>", re.I)
_SUP_RE = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.I)
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BULLET_RE = re.compile(r"^(\s*)(?:[-*+•·▪–\ue000-\uf8ff]|\d{1,2}\.(?=\s))\s+")
_RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NOTE_RE = re.compile(r"^<sup>\s*(\d+)\s*</sup>\s*(.*)", re.S)
_PIPE_SPLIT_RE = re.compile(r"(?<!\\)\|")


def clean_inline(text: str) -> str:
    """Strip inline markup (bold, italics, tags, links, footnote calls) and collapse white space."""
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _SUP_RE.sub(_superscript, text)
    text = _TAG_RE.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    return clean_text(html.unescape(text))


def _superscript(match: re.Match[str]) -> str:
    """An ordinal mark stays (º, ª); a number is a footnote call."""
    text = match.group(1)
    if text.isdigit():
        return NOTE_CALL.format(int(text))
    return {"o": "º", "°": "º", "º": "º", "a": "ª", "ª": "ª"}.get(text, "")


def _is_bold(raw: str) -> bool:
    stripped = raw.strip()
    starts = stripped.startswith(("**", "<b>", "__"))
    ends = stripped.rstrip(" .:").endswith(("**", "</b>", "__"))
    return (starts and (ends or stripped.count("**") == 1)) or (stripped.endswith("**") and stripped.count("**") == 1)


_NUMBERED_HEADING_RE = re.compile(r"^(?:[IVX]{1,4}\s*[.)-]|\d{1,2}\s*[.)]|[A-H]\s*\))\s+\S")


def _heading_or_paragraph(raw: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    text = clean_inline(raw)
    if (
        _is_bold(raw)
        and len(text) < 400
        and not ACUERDO_CODE_RE.match(text)
        and not re.match(r"(?i)^(?:tabla|cuadro)\b", text)
        and (len(text) < 160 or _NUMBERED_HEADING_RE.match(text))
    ):
        return Block(BlockKind.HEADING, text, level=0, bold=True)
    return Block(kind, text, bold=_is_bold(raw))


def _pipe_cells(line: str) -> list[str]:
    """The cells of a pipe table's line: outer pipes dropped, escaped pipes kept as text."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [clean_inline(c.replace("\\|", "|")) for c in _PIPE_SPLIT_RE.split(text)]


def _pipe_table(lines: list[str]) -> tuple[list[str], Block, list[str]] | None:
    """A GitHub pipe table in a chunk: (lines before it, the table, lines after it), or None. The rows above
    its ``|---|`` rule are its header; a caption or sentence right before it stays a paragraph."""
    rule = next((i for i, ln in enumerate(lines) if "-" in ln and _PIPE_RULE_RE.match(ln)), None)
    if rule is None or rule == 0 or "|" not in lines[rule - 1]:
        return None
    start = rule - 1
    while start > 0 and "|" in lines[start - 1]:
        start -= 1
    end = rule + 1
    while end < len(lines) and "|" in lines[end]:
        end += 1
    header = [_pipe_cells(ln) for ln in lines[start:rule]]
    body = [_pipe_cells(ln) for ln in lines[rule + 1 : end]]
    return lines[:start], make_table(header + body, header_rows=len(header)), lines[end:]


def read_text(text: str, source_name: str = "") -> Document:
    """Read Markdown or plain text into blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    blocks: list[Block] = []
    chunks: list[str | Block] = list(re.split(r"\n[ \t]*\n", text))
    while chunks:
        chunk = chunks.pop(0)
        if isinstance(chunk, Block):
            blocks.append(chunk)
            continue
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        piped = _pipe_table(lines) if "|" in chunk else None
        if piped is not None:
            # What stood around the table in its chunk (a caption, a sentence) is read in its place.
            before, table, after = piped
            chunks[:0] = ["\n".join(before), table, "\n".join(after)]
            continue
        if all(is_index_line(ln) for ln in lines):
            continue  # a table of contents
        tab_lines = [ln for ln in lines if "\t" in ln.strip("\t ") or ln.startswith("\t")]
        if len(tab_lines) >= max(1, len(lines) // 2):
            rows = [[clean_inline(c) for c in ln.split("\t")] for ln in lines]
            blocks.append(make_table(rows))
            continue
        if len(lines) == 1 and _RULE_RE.match(lines[0]):
            continue
        first = lines[0].strip()
        if first.startswith("#"):
            level = len(first) - len(first.lstrip("#"))
            title = clean_inline(" ".join(ln.strip() for ln in lines).lstrip("#"))
            blocks.append(Block(BlockKind.HEADING, title, level=level, bold=True))
            continue
        if _NOTE_RE.match(first):
            # Notes one after another, each line opening with its number, or one note over several lines.
            notes: list[tuple[int, list[str]]] = []
            for line in lines:
                opened = _NOTE_RE.match(line.strip())
                if opened:
                    notes.append((int(opened.group(1)), [opened.group(2)]))
                else:
                    notes[-1][1].append(line.strip())
            blocks.extend(Block(BlockKind.NOTE, clean_inline(" ".join(parts)), level=n) for n, parts in notes)
            continue
        if _BULLET_RE.match(lines[0]) and (len(lines) > 1 or not re.match(r"^\s*\d", lines[0])):
            blocks.extend(_list_items(lines))
            continue
        blocks.append(_heading_or_paragraph(" ".join(ln.strip() for ln in lines)))
    return finish(blocks, "markdown", source_name)


def _list_items(lines: list[str]) -> list[Block]:
    items: list[tuple[int, list[str]]] = []
    for ln in lines:
        bullet = _BULLET_RE.match(ln)
        if bullet or not items:
            depth = 1 + len(bullet.group(1).expandtabs(4)) // 2 if bullet else 1
            items.append((min(depth, 3), [ln[bullet.end() :] if bullet else ln]))
        else:
            items[-1][1].append(ln.strip())
    blocks = []
    for depth, parts in items:
        block = _heading_or_paragraph(" ".join(parts), BlockKind.ITEM)
        if block.kind == BlockKind.ITEM:
            block.level = depth
        blocks.append(block)
    return blocks
