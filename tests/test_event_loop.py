"""Nothing blocks the event loop: blocking work goes through the one helper, ``bot.threads.store``.

Scans of the source: only the helper calls ``asyncio.to_thread`` (or an executor), and no coroutine of the
handlers or of the wiring calls the store, the importer, the calendar's files or the summary's documents
itself: each such call is handed to ``store`` (or awaited, when it is a coroutine).
"""

from __future__ import annotations

import ast

import pytest

from tests.source_scan import modules

HELPER = "bot/threads.py"
THREAD_CALLS = {"to_thread", "run_in_executor"}
# Blocking callables by name: opening the store, the engine, files, the calendar's and the summary's work.
BLOCKING = {"session_scope", "Session", "store_lock", "answer", "command", "reload", "import_bytes"}
BLOCKING |= {"to_ics", "import_calendar", "parse_when", "build_summary", "summary_pdf", "render_summary"}
BLOCKING |= {"open", "read_bytes", "read_text", "write_bytes", "write_text", "unlink", "mkdir"}
BLOCKING_MODULES = ("db", "seed")  # anything imported from these touches the store or reads informes


def thread_calls(tree: ast.Module) -> list[str]:
    return [
        f"{node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in THREAD_CALLS
    ]


def blocking_on_the_loop(tree: ast.Module) -> list[str]:
    """Calls in a coroutine, neither awaited nor handed to ``store``, of something that blocks: a name in
    ``BLOCKING``, anything imported from ``db``/``seed``, or a function of the module that itself calls those."""
    blocking = set(BLOCKING)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in BLOCKING_MODULES:
            blocking |= {alias.asname or alias.name for alias in node.names}
    for node in tree.body:  # the module's own helpers that block (``_save`` opening a session, …)
        if isinstance(node, ast.FunctionDef) and any(_names(c) & blocking for c in _calls(node)):
            blocking.add(node.name)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        handed = {id(n.value) for n in ast.walk(function) if isinstance(n, ast.Await)}
        handed |= {id(a) for c in _calls(function) if _names(c) == {"store"} for a in c.args[:1]}
        found += [
            f"{c.lineno}: {function.name} calls {ast.unparse(c.func)}"
            for c in _calls(function)
            if id(c) not in handed and _names(c) & blocking
        ]
    return found


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _names(call: ast.Call) -> set[str]:
    """The name called and the name it is reached from: ``buttons.save(…)`` → {"save", "buttons"}."""
    func, names = call.func, set()
    if isinstance(func, ast.Attribute):
        names.add(func.attr)
        while isinstance(func, ast.Attribute):
            func = func.value
    if isinstance(func, ast.Name):
        names.add(func.id)
    return names


def test_only_the_helper_starts_worker_threads() -> None:
    found = {
        path: calls for path, tree in modules("lang", "db", "seed", "bot", "handlers") if (calls := thread_calls(tree))
    }
    assert set(found) == {HELPER}


def test_no_coroutine_of_the_handlers_or_the_wiring_blocks() -> None:
    found = {
        path: calls
        for path, tree in modules("handlers", "bot")
        if (path.startswith("handlers/") or path in ("bot/app.py", "bot/reminders.py"))
        and (calls := blocking_on_the_loop(tree))
    }
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "async def f(c):\n    return calendar.to_ics(rows, now=c.clock())",
        "def _keep(data):\n    PENDING.write_bytes(data)\nasync def f(data):\n    return _keep(data)",
        "from db.queries import buttons\nasync def f(s):\n    buttons.save(1, 'k', 'x', {}, now, session=s)",
        "async def f(svc):\n    with session_scope(svc.db) as session:\n        pass",
    ],
)
def test_the_loop_scan_sees_blocking_work(source: str) -> None:
    assert blocking_on_the_loop(ast.parse(source))


def test_the_loop_scan_lets_work_handed_to_the_helper_pass() -> None:
    source = "async def f(c, q):\n    await q.answer()\n    return await store(calendar.to_ics, rows, now=c.clock())"
    assert blocking_on_the_loop(ast.parse(source)) == []
