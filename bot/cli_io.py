"""What the command line needs around its commands: logging, errors in Spanish, and line-exact input/output."""

from __future__ import annotations

import errno
import json
import logging
import sys
from typing import Any

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def hide_token(text: str, token: str) -> str:
    """``text`` without the bot token, nor its secret part on its own (a URL may split or quote the token)."""
    if len(token) < 5:
        return text
    text = text.replace(token, "[token]")
    secret = token.split(":", 1)[-1]
    return text.replace(secret, "[token]") if len(secret) >= 5 else text


class _HideToken(logging.Filter):
    """Replace the bot token wherever a log line would carry it: the message (URLs of failed requests, errors),
    and the traceback of an exception (python-telegram-bot names a rejected token in its error)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        hidden = hide_token(text, self.token)
        if hidden != text:
            record.msg, record.args = hidden, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide_token(record.exc_text, self.token)
        if record.stack_info:
            record.stack_info = hide_token(record.stack_info, self.token)
        return True


class _QuietTelegram(logging.Filter):
    """Without ``-v``, python-telegram-bot's failures are one line, not a traceback; its start-up retry
    report is left out, as the CLI says what went wrong in Spanish."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("telegram"):
            return True
        if any(part in record.getMessage() for part in ("Network Retry Loop", "Can not load invalid JSON data")):
            return False  # the failed request itself is reported (in Spanish, at start-up) by whoever made it
        record.exc_info, record.exc_text = None, None
        return True


def configure_logging(verbose: bool, token: str) -> None:
    """Timestamped lines; INFO with ``-v`` (Alembic's migration chatter only then), warnings otherwise."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format=LOG_FORMAT, force=True)
    for noisy in ("alembic", "httpx"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose and noisy == "alembic" else logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_HideToken(token))
        if not verbose:
            handler.addFilter(_QuietTelegram())


def os_error(error: OSError) -> str:
    """An operating-system error in Spanish, naming the file."""
    reasons = {
        errno.ENOENT: "no existe (o no existe su carpeta)",
        errno.EACCES: "no hay permiso",
        errno.EPERM: "no hay permiso",
        errno.EISDIR: "es una carpeta",
        errno.ENOTDIR: "una parte de la ruta no es una carpeta",
        errno.ENAMETOOLONG: "el nombre es demasiado largo",
        errno.EEXIST: "ya existe",
        errno.ELOOP: "demasiados enlaces simbólicos en la ruta",
        errno.EINVAL: "el nombre no es válido",
        errno.EBUSY: "está en uso",
        errno.ETXTBSY: "está en uso",
        errno.EFBIG: "el archivo sería demasiado grande",
        errno.EIO: "el disco falló al leer o escribir",
        errno.ENOSPC: "no queda espacio en el disco",
        errno.EDQUOT: "se acabó la cuota de disco",
        errno.EROFS: "el disco es de solo lectura",
        errno.EMFILE: "hay demasiados archivos abiertos",
    }
    code = error.errno or 0
    # The system's own text is English: never shown; an unexpected code is named for whoever looks it up.
    reason = reasons.get(code, f"el sistema no pudo usarlo (error {errno.errorcode.get(code, code)})")
    return f"{error.filename}: {reason}" if error.filename else reason


def input_lines() -> list[str]:
    """Standard input split at line feeds only, as a consumer pairing answers with lines counts them
    (never at \\x85, \\u2028 or a lone \\r, which str.splitlines and universal newlines would also split at)."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def json_line(value: dict[str, Any]) -> str:
    """One JSON object on one line: line separators inside strings are escaped, never written raw."""
    dumped = json.dumps(value, ensure_ascii=False)
    for separator in ("\x85", "\u2028", "\u2029"):
        dumped = dumped.replace(separator, json.dumps(separator)[1:-1])
    return dumped
