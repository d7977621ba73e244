"""Test doubles for Telegram: an offline request layer and update builders.

``OfflineRequest`` never touches the network (as in python-telegram-bot's own test suite): it answers
the Bot API methods the bot uses from memory, records every call, and fails anything else.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from tests.fake_bot_api import BOT_ID, BOT_USER

TOKEN = "123456:TEST-TOKEN"


class OfflineRequest(BaseRequest):
    """A request class that records calls and fails any real network access."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.results: list[tuple[str, Any]] = []
        self.files: dict[str, bytes] = {}
        self.chat_admins: dict[int, set[int]] = {}  # group chat id → its administrators (getChatMember)
        self._ids = itertools.count(1000)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    def sent(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every call to ``method``."""
        return [params for name, params in self.calls if name == method]

    def texts(self) -> list[str]:
        """Texts of every message sent or edited."""
        return [p["text"] for name, p in self.calls if name in ("sendMessage", "editMessageText")]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            path = url.split("/file/bot", 1)[1].split("/", 1)[1]
            if path in self.files:
                return 200, self.files[path]
            raise NetworkError(f"offline: no file {path}")
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.multipart_data:
            params["__files__"] = {
                k: v[1] if isinstance(v, tuple) else v for k, v in request_data.multipart_data.items()
            }
            params["__names__"] = [v[0] for v in request_data.multipart_data.values() if isinstance(v, tuple)]
        self.calls.append((name, params))
        result = self.result(name, params)
        self.results.append((name, result))
        if result is None:
            raise NetworkError(f"offline: {name} is not available without a network")
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def result(self, name: str, params: dict[str, Any]) -> Any:
        chat_id = int(params.get("chat_id", 1))
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText", "sendDocument"):
            message_id = int(params.get("message_id") or next(self._ids))
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Comisión"},
            }
            if "text" in params:
                message["text"] = params["text"]
            return message
        if name == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": file_id,
            }
        if name == "getChatMember":
            user_id = int(params["user_id"])
            admin = user_id in self.chat_admins.get(chat_id, set())
            status = "administrator" if admin else "member"
            member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "Ana"}}
            if admin:
                member.update(
                    can_be_edited=False,
                    is_anonymous=False,
                    can_manage_chat=True,
                    can_delete_messages=True,
                    can_manage_video_chats=True,
                    can_restrict_members=True,
                    can_promote_members=False,
                    can_change_info=True,
                    can_invite_users=True,
                    can_post_stories=False,
                    can_edit_stories=False,
                    can_delete_stories=False,
                )
            return member
        if name in (
            "setMyCommands",
            "editMessageReplyMarkup",
            "answerCallbackQuery",
            "sendChatAction",
            "deleteWebhook",
            "setWebhook",
        ):
            return True
        return None


_update_ids = itertools.count(1)


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Ana", "language_code": "es"}


def _chat(chat_id: int, chat_type: str) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "Grupo de la Comisión"
    return chat


def message_data(
    text: str | None,
    *,
    user_id: int = 1,
    chat_id: int | None = None,
    chat_type: str = "private",
    message_id: int = 1,
    reply_to_bot: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """A Bot API Message as JSON."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": _chat(chat_id if chat_id is not None else user_id, chat_type),
        "from": _user(user_id),
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if reply_to_bot:
        message["reply_to_message"] = {
            "message_id": message_id - 1,
            "date": int(time.time()),
            "chat": message["chat"],
            "text": "respuesta",
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Comisión"},
        }
    message.update(extra)
    return message


def message_update(bot: Any, text: str | None, **kwargs: Any) -> Update:
    """An Update carrying a new message."""
    return Update.de_json({"update_id": next(_update_ids), "message": message_data(text, **kwargs)}, bot)


def edited_update(bot: Any, text: str, **kwargs: Any) -> Update:
    """An Update carrying an edited message."""
    data = message_data(text, **kwargs)
    data["edit_date"] = int(time.time())
    return Update.de_json({"update_id": next(_update_ids), "edited_message": data}, bot)


def callback_update(bot: Any, data: str, *, user_id: int = 1, message_id: int = 50) -> Update:
    """An Update carrying a button press on one of the bot's messages."""
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": _chat(user_id, "private"),
        "text": "pregunta",
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Comisión"},
    }
    return Update.de_json(
        {
            "update_id": next(_update_ids),
            "callback_query": {
                "id": str(next(_update_ids)),
                "from": _user(user_id),
                "chat_instance": "x",
                "data": data,
                "message": message,
            },
        },
        bot,
    )
