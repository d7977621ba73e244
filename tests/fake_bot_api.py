"""A fake Telegram Bot API server on 127.0.0.1, over real HTTP, for end-to-end tests and benchmarks.

It implements what the bot uses: getMe, getUpdates (long polling), sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, sendDocument (multipart), sendChatAction, setMyCommands,
getChatMember, deleteWebhook, setWebhook, getFile and file downloads. Tests push updates and wait for the bot's calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

BOT_ID = 999
BOT_USERNAME = "comision_bot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Comisión",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
"""What getMe answers, in this fake and in the offline request of the handler tests."""
ADMIN_RIGHTS = (
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


TELEGRAM_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "a",
    "tg-spoiler",
    "blockquote",
}


def html_problem(params: dict[str, Any]) -> str | None:
    """Why Telegram would refuse this message's HTML (an unknown or unclosed tag, a stray "<"), or None."""
    from html.parser import HTMLParser

    text = str(params.get("text") or params.get("caption") or "")
    stack: list[str] = []
    problems: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag not in TELEGRAM_TAGS:
                problems.append(f'unsupported start tag "{tag}"')
            stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if not stack or stack.pop() != tag:
                problems.append(f'unmatched end tag "{tag}"')

    checker = Checker(convert_charrefs=True)
    checker.feed(text)
    checker.close()
    if stack:
        problems.append(f'unclosed tag "{stack[-1]}"')
    if re.search(r"<(?!/?(?:" + "|".join(map(re.escape, TELEGRAM_TAGS)) + r")\b)", text):
        problems.append('a "<" that starts no tag')
    if re.search(r"&(?!#?\w+;)", text):
        problems.append('a "&" that starts no entity')
    return problems[0] if problems else None


class FakeBotApi:
    """One fake Bot API server for one bot token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any], float]] = []
        self.files: dict[str, bytes] = {}
        self.documents: list[tuple[str, bytes]] = []
        self.webhook: dict[str, Any] | None = None
        self.chat_admins: dict[int, set[int]] = {}  # group chat id → its administrators (getChatMember)
        self.rejected: list[tuple[str, dict[str, Any], str]] = []  # HTML Telegram would refuse to parse
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.url = ""

    # -- lifecycle
    async def start(self) -> str:
        """Listen on a free loopback port; return the API root (``http://127.0.0.1:PORT``)."""
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        """Answer the long polls still waiting (the bot may be gone) at once, then close: the server's shutdown
        waits for every request in flight, and a long poll would otherwise hold it until its own timeout."""
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what tests do
    async def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (``message``, ``callback_query``…) for the bot to fetch."""
        update = {"update_id": next(self._update_ids), kind: payload}
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()
        return update

    async def say(
        self, text: str, *, user_id: int = 1, chat_id: int | None = None, chat_type: str = "private", **extra: Any
    ) -> float:
        """Push a text message; return the moment it was pushed (for round-trip timing)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id if chat_id is not None else user_id, "type": chat_type},
            "from": {"id": user_id, "is_bot": False, "first_name": "Ana"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message.update(extra)
        pushed = time.perf_counter()
        await self.push("message", message)
        return pushed

    async def press(self, data: str, *, user_id: int = 1, message_id: int = 1) -> None:
        """Push a button press on one of the bot's messages."""
        await self.push(
            "callback_query",
            {
                "id": str(next(self._update_ids)),
                "from": {"id": user_id, "is_bot": False, "first_name": "Ana"},
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "text": "…",
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Comisión"},
                },
            },
        )

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[dict[str, Any]], bool] = lambda p: True,
        *,
        after: int = 0,
        timeout: float = 10.0,
    ) -> tuple[dict[str, Any], float]:
        """The first call to ``method`` (from index ``after``) matching ``predicate``, and when it came."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for name, params, at in self.calls[after:]:
                    if name == method and predicate(params):
                        return params, at
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{method} no llegó; llamadas: {[c[0] for c in self.calls]}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue

    def texts(self) -> list[str]:
        return [p["text"] for name, p, _ in self.calls if name in ("sendMessage", "editMessageText")]

    # -- HTTP
    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = (value.filename, value.file.read())
                else:
                    params[key] = value
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "[{":
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
        return params

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        problem = html_problem(params) if params.get("parse_mode") == "HTML" else None
        if problem:  # as Telegram does: the message is refused, not sent
            async with self._changed:
                self.rejected.append((method, params, problem))
                self._changed.notify_all()
            description = f"Bad Request: can't parse entities: {problem}"
            return web.json_response({"ok": False, "error_code": 400, "description": description}, status=400)
        result = self._result(method, params)
        async with self._changed:
            self.calls.append((method, params, time.perf_counter()))
            self._changed.notify_all()
        if result is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0) or 0)
        timeout = float(params.get("timeout", 0) or 0)
        deadline = time.monotonic() + timeout
        async with self._changed:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and not self._closing and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            return list(self.updates)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        chat_id = int(params.get("chat_id", 0) or 0)
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText", "sendDocument"):
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Comisión"},
            }
            if "text" in params:
                message["text"] = params["text"]
            if method == "sendDocument":
                filename, data = params["document"] if isinstance(params.get("document"), tuple) else ("?", b"")
                self.documents.append((filename, data))
                message["document"] = {
                    "file_id": f"doc{len(self.documents)}",
                    "file_unique_id": "u",
                    "file_name": filename,
                    "file_size": len(data),
                }
            return message
        if method == "getFile":
            file_id = str(params["file_id"])
            if file_id not in self.files:
                return None
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}",
            }
        if method == "setWebhook":
            self.webhook = params
            return True
        if method == "deleteWebhook":
            self.webhook = None
            return True
        if method == "getChatMember":
            user_id = int(params["user_id"])
            status = "administrator" if user_id in self.chat_admins.get(chat_id, set()) else "member"
            member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "Ana"}}
            if status == "administrator":
                member.update({right: True for right in ADMIN_RIGHTS})
                member["can_be_edited"] = False
            return member
        if method in ("setMyCommands", "answerCallbackQuery", "sendChatAction", "editMessageReplyMarkup"):
            return True
        if method == "getWebhookInfo":
            return {
                "url": (self.webhook or {}).get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        return None

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].removeprefix("documents/")
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])


async def run_bot(cwd: Path, token: str, api_url: str, database_url: str, *flags: str) -> tuple[int | None, str]:
    """Run ``comisionbot [flags] run`` against the Bot API at ``api_url`` until it exits: its code and output."""
    env = {**os.environ, "BOT_TOKEN": token, "TELEGRAM_API_URL": api_url, "DATABASE_URL": database_url}
    env.pop("WEBHOOK_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *flags,
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, (out + err).decode()
