"""Rows of tables read from text copied with its layout, where a line-by-line reading would split them.

Cells centred in their rows, as word processors print them: each row stands on the line that holds its
one-line data (a mark, a number, a row number, an hour, a whole date), and every other cell has as many
lines above that line as below it. Rows parted by blank lines all through the table, as a PDF's cell padding
leaves them: each block of lines is one row."""

from __future__ import annotations

import itertools
import re

from seed.document import has_data, join_lines

_DATUM_RE = re.compile(
    r"^(?:\d{1,3}\s*[ªº°.)]?(?:\s+\w{1,12})?|\d{1,2}:\d\d(?:\s*(?:horas|hrs?\.?|h))?|n/a|s[ií]|no|x|[✓✔✗✘•-])$",
    re.IGNORECASE,
)


WEEKDAY_DAY_RE = re.compile(r"\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\s+\d{1,2}\b", re.I)
_FULL_DATE_RE = re.compile(
    r"^(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo),?\s+)?\d{1,2}\s+de\s+[a-záéíóú]+\s+de\s+\d{4}\.?$",
    re.IGNORECASE,
)


def datum(text: str) -> bool:
    """A value that stands on one line of its cell: a mark, a number, a row number, an hour, a whole date
    (a column of them all whole never wraps)."""
    if _FULL_DATE_RE.match(text):
        return True
    return len(text) <= 15 and (bool(_DATUM_RE.match(text)) or (has_data(text) and len(text.split()) <= 2))


def anchor_columns(grid: list[list[str] | None]) -> set[int]:
    """Columns whose every cell is one short datum, so that each of their texts stands on a row's line."""
    width = max((len(cells) for cells in grid if cells), default=0)
    anchors = set()
    for c in range(width):
        texts = [cells[c] for cells in grid if cells and c < len(cells) and cells[c]]
        if len(texts) >= 2 and all(datum(t) for t in texts):
            anchors.add(c)
    return anchors


def centred(grid: list[list[str] | None], anchors: set[int]) -> bool:
    """Whether cells are centred in their rows: some row's line (one holding a datum) leaves a column empty
    that the lines right above and below it fill, or the body opens with lines above its first row's line,
    which top-aligned cells never do."""
    lines = [cells for cells in grid if cells]
    at = [k for k, cells in enumerate(lines) if any(cells[c] for c in anchors if c < len(cells))]
    if at and at[0] > 0:
        # Lines above the first row's line: centred when each such cell has as many below (a row cut by the
        # page break, its top on the page before, has more).
        following = at[1] if len(at) > 1 else len(lines)
        columns = {c for cells in lines[: at[0]] for c, text in enumerate(cells) if text}
        if all(
            sum(bool(cells[c]) for cells in lines[: at[0]])
            == sum(bool(cells[c]) for cells in lines[at[0] + 1 : following])
            for c in columns
        ):
            return True
    for k in range(1, len(grid) - 1):
        line, above, below = grid[k], grid[k - 1], grid[k + 1]
        if not line or not above or not below or not any(line[c] for c in anchors if c < len(line)):
            continue
        if any(above[c] for c in anchors if c < len(above)) or any(below[c] for c in anchors if c < len(below)):
            continue
        if any(not line[c] and above[c] and below[c] for c in range(len(line)) if c not in anchors):
            return True
    return False


def _imbalance(above: int, below: int, own: bool) -> float:
    """How far a cell's lines are from centred on its row's line: as many above as below; with a line on
    the row's line itself, one more on either side is a near miss (an even count set around it)."""
    gap = abs(above - below)
    return (gap if gap == 0 else gap - 0.9) if own else gap


def centred_rows(grid: list[list[str] | None], anchors: set[int]) -> list[list[str]]:
    """Rows of a table whose cells are centred: each row stands on the line holding its data, and each cell
    has as many lines above that line as below it. Column by column, the lines between two rows' lines are
    parted between them where the cells come out most nearly centred."""
    rows_at = [k for k, cells in enumerate(grid) if cells and any(cells[c] for c in anchors if c < len(cells))]
    width = max(len(cells) for cells in grid if cells)
    rows: list[list[str]] = [[""] * width for _ in rows_at]
    bounds = [*rows_at, len(grid)]
    for c in range(width):
        texts = [(k, cells[c]) for k, cells in enumerate(grid) if cells and c < len(cells) and cells[c]]
        before = [t for k, t in texts if k < rows_at[0]]
        own = [[t for k, t in texts if k == at] for at in rows_at]
        gaps = [[t for k, t in texts if bounds[r] < k < bounds[r + 1]] for r in range(len(rows_at))]
        # best[a] = (cost, splits so far) for the current row having ``a`` lines above its line.
        best: dict[int, tuple[float, list[int]]] = {len(before): (0.0, [])}
        for r in range(len(rows_at)):
            last = r + 1 == len(rows_at)
            following: dict[int, tuple[float, list[int]]] = {}
            for above, (cost, splits) in best.items():
                for kept in [len(gaps[r])] if last else range(len(gaps[r]) + 1):
                    total = cost + _imbalance(above, kept, bool(own[r]))
                    rest = len(gaps[r]) - kept
                    if rest not in following or total < following[rest][0]:
                        following[rest] = (total, [*splits, kept])
            best = following
        splits = min(best.values(), key=lambda item: item[0])[1]
        carried = before
        for r, kept in enumerate(splits):
            rows[r][c] = join_lines([*carried, *own[r], *gaps[r][:kept]])
            carried = gaps[r][kept:]
    _spread_over_groups(grid, rows_at, rows, anchors)
    return rows


def _spread_over_groups(
    grid: list[list[str] | None], rows_at: list[int], rows: list[list[str]], anchors: set[int]
) -> None:
    """Rows in groups parted by blank lines, a cell merged down each group and centred in it (the INE body
    that held several sessions): the cell's lines stand between the group's rows' lines, off them or across
    one, and every other row of the group leaves the column empty. Its text goes to each row of the group."""
    groups: list[list[int]] = [[]]
    for k, cells in enumerate(grid):
        if cells is None:
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append(k)
    groups = [g for g in groups if g]
    if len(groups) < 2:
        return  # no blank lines part the body: a lone cell is one row's
    for group in groups:
        members = [r for r, at in enumerate(rows_at) if group[0] <= at <= group[-1]]
        if len(members) < 2:
            continue
        lines_of_rows = {rows_at[r] for r in members}
        for c in range(len(rows[0])):
            if c in anchors:
                continue
            filled = [r for r in members if rows[r][c]]
            lines = [k for k in group if (cells := grid[k]) is not None and c < len(cells) and cells[c]]
            if len(filled) != 1 or not lines:
                continue
            between = all(rows_at[members[0]] < k < rows_at[members[-1]] for k in lines)
            across = any(lines[0] < at < lines[-1] for at in lines_of_rows)
            if between and (across or not lines_of_rows & set(lines)):
                for r in members:
                    rows[r][c] = rows[filled[0]][c]


def free_gutters(texts: list[str]) -> list[tuple[int, int]]:
    """Stretches of two or more positions free of text in every line, with text to both sides."""
    width = max((len(ln) for ln in texts), default=0)
    occupied = [False] * width
    for line in texts:
        for x, ch in enumerate(line):
            if ch != " ":
                occupied[x] = True
    gutters: list[tuple[int, int]] = []
    start = next((x for x in range(width) if occupied[x]), width)
    x = start
    while x < width:
        if occupied[x]:
            x += 1
            continue
        begin = x
        while x < width and not occupied[x]:
            x += 1
        if x < width and x - begin >= 2:
            gutters.append((begin, x - 1))
    return gutters


def spaced_rows(grid: list[list[str] | None], going_on: bool = False) -> list[list[str]] | None:
    """Rows parted by blank lines all through the table (a PDF's cell padding leaves one between rows): each
    block of lines is one row, however its cells are aligned in it. A cell merged down several rows and
    centred in them fills the blank lines between those rows: read without its column, the rows part again,
    and the merged text belongs to each of the rows it spans. None when some block holds two rows (two dates
    or row numbers opening its first column) or the table is too short to tell (unless it is ``going_on`` from
    a page whose rows were parted so)."""
    width = max((len(cells) for cells in grid if cells), default=0)
    text_at = [k for k, cells in enumerate(grid) if cells]
    spaced = bool(text_at) and any(grid[k] is None for k in range(text_at[0], text_at[-1]))
    for merged in (None, *(range(1, width) if spaced else ())):
        if merged is not None and not _merged(grid, merged):
            continue
        blocks = _blocks(grid, merged, going_on)
        if blocks is None:
            continue
        if merged is None:
            blocks = [part for block in blocks for part in _sub_rows(block)]
        rows = [
            [join_lines([cells[c] for _, cells in block if c < len(cells) and cells[c]]) for c in range(width)]
            for block in blocks
        ]
        if merged is not None:
            _spread(grid, blocks, rows, merged)
        return rows
    return None


def _sub_rows(block: list[tuple[int, list[str]]]) -> list[list[tuple[int, list[str]]]]:
    """A block that holds several rows under one cell merged down them (a party with two representatives one
    after the other): some column holds cells two or more lines apart, and the merged cell stands on the line
    halfway between them. The block is cut there; the merged cell's line goes to each part."""
    width = max(len(cells) for _, cells in block)
    for c in range(width):
        at = [k for k, cells in block if c < len(cells) and cells[c]]
        cuts = [(a + b) / 2 for a, b in itertools.pairwise(at) if b - a >= 3]
        if not cuts:
            continue
        middles = {int(cut) for cut in cuts if cut == int(cut)}
        # the merged cell: a line alone on a cut, whose columns hold nothing else in the block
        shared = [(k, cells) for k, cells in block if k in middles]
        own_columns = {i for _, cells in shared for i, text in enumerate(cells) if text}
        if not shared or any(
            i in own_columns for k, cells in block if k not in middles for i, text in enumerate(cells) if text
        ):
            continue
        parts: list[list[tuple[int, list[str]]]] = [[] for _ in range(len(cuts) + 1)]
        for k, cells in block:
            if k in middles:
                continue
            parts[sum(1 for cut in cuts if k > cut)].append((k, cells))
        for part in parts:
            part.extend(shared)
            part.sort(key=lambda line: line[0])
        return [part for part in parts if part]
    return [block]


_GOES_ON_RE = re.compile(r"(?:,|\b(?:de|del|la|las|el|los|y|e|o|en|con|para|por|a|al))$", re.IGNORECASE)


def _opens(text: str) -> bool:
    return bool(WEEKDAY_DAY_RE.match(text) or re.fullmatch(r"\d{1,3}\s*[.)]?", text))


def _at_openers(block: list[tuple[int, list[str]]]) -> list[list[tuple[int, list[str]]]]:
    parts: list[list[tuple[int, list[str]]]] = []
    for line in block:
        if not parts or (line[1] and _opens(line[1][0]) and any(c and _opens(c[0]) for _, c in parts[-1])):
            parts.append([line])
        else:
            parts[-1].append(line)
    return parts


def _merged(grid: list[list[str] | None], column: int) -> bool:
    """Whether a column's text is one cell merged down several rows: its lines stand together (no blank line
    among them) and some of them stand alone on lines the other columns leave blank."""
    lines = [k for k, cells in enumerate(grid) if cells and column < len(cells) and cells[column]]
    if not lines or any(grid[k] is None for k in range(lines[0], lines[-1] + 1)):
        return False
    return any(not any(text for c, text in enumerate(grid[k] or []) if c != column) for k in lines)


def _blocks(
    grid: list[list[str] | None], merged: int | None, going_on: bool = False
) -> list[list[tuple[int, list[str]]]] | None:
    """The lines of each row (with their index), parted by lines blank but for column ``merged``."""
    blocks: list[list[tuple[int, list[str]]]] = [[]]
    for k, cells in enumerate(grid):
        own = [text for c, text in enumerate(cells or []) if c != merged]
        if not any(own):
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append((k, [text if c != merged else "" for c, text in enumerate(cells or [])]))
    blocks = [b for b in blocks if b]
    if merged is not None:
        # The merged cell's lines also take the place of the blank lines between rows: a date or a row number
        # opening the first column opens a row.
        blocks = [part for block in blocks for part in _at_openers(block)]
        # A line of the merged cell alone can stand inside a row too: the row's first column goes on past it.
        joined: list[list[tuple[int, list[str]]]] = []
        for block in blocks:
            before = next((cells[0] for _, cells in reversed(joined[-1]) if cells[0]), "") if joined else ""
            after = next((cells[0] for _, cells in block if cells[0]), "")
            if before and (_GOES_ON_RE.search(before) or re.fullmatch(r"(?:19|20)\d\d\W*|[a-z].*", after)):
                joined[-1].extend(block)
            else:
                joined.append(block)
        blocks = joined
    if not blocks or (not going_on and (len(blocks) < 3 or all(len(b) == 1 for b in blocks))):
        return None
    for block in blocks:
        openers = [cells[0] for _, cells in block if cells and cells[0]]
        if sum(_opens(t) for t in openers) > 1:
            return None
    return blocks


def _spread(
    grid: list[list[str] | None], blocks: list[list[tuple[int, list[str]]]], rows: list[list[str]], column: int
) -> None:
    """The merged cell's text goes to each row it spans: set at the top of the first row, every row (a cell
    merged down the whole column, its text at its top); centred, the rows around its middle, as many on each
    side as the table has."""
    lines = [(k, cells[column]) for k, cells in enumerate(grid) if cells and column < len(cells) and cells[column]]
    if not lines:
        return
    text = join_lines([t for _, t in lines])
    spans = [(block[0][0], block[-1][0]) for block in blocks]
    if lines[0][0] <= spans[0][0]:
        for row in rows:
            row[column] = text
        return
    middle = (lines[0][0] + lines[-1][0]) / 2
    centre = min(range(len(spans)), key=lambda r: abs((spans[r][0] + spans[r][1]) / 2 - middle))
    reach = min(centre, len(rows) - 1 - centre)
    for r in range(centre - reach, centre + reach + 1):
        rows[r][column] = text
