"""A fake Telegram Bot API server on 127.0.0.1, spoken to over real HTTP.

It implements the methods the bot uses with Telegram's real response and error forms
(``{"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}``
with the matching HTTP status, ``parameters.retry_after`` on 429), validates what Telegram
validates (HTML entities, empty or over-long texts, unmodified edits, unknown chats), records
every call, and lets a test inject updates (messages, button presses) and faults.
"""

from __future__ import annotations

import itertools
import json
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

BOT_ID = 7_000_000_001
BOT_USERNAME = "resonance_test_bot"
MAX_TEXT = 4096
_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>documents/[\w.-]+)$")
_ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}


class TelegramHtmlError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


class _EntityChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise TelegramHtmlError(f'Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise TelegramHtmlError(f'Unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise TelegramHtmlError(f'Unsupported entity "&{name};"')


def check_html(text: str) -> None:
    """Raise :class:`TelegramHtmlError` where Telegram would refuse ``text`` as HTML."""
    if re.search(r"&(?![A-Za-z]+;|#\d+;|#x[0-9A-Fa-f]+;)", text):
        raise TelegramHtmlError('Unsupported character "&"')
    if re.search(r"<(?![A-Za-z/])", text):
        raise TelegramHtmlError('Unsupported character "<"')
    checker = _EntityChecker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise TelegramHtmlError(
            f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
        )


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    result: Any = None  # what the server answered, e.g. the Message it created
    names: dict[str, str] = field(default_factory=dict)  # each file's name, by its form field

    def named(self) -> dict[str, bytes]:
        """The files sent, by the names they were sent under ("resonance.json")."""
        return {self.names.get(key, key): content for key, content in self.files.items()}

    @property
    def message(self) -> dict[str, Any]:
        """The message this call created or edited (to press its buttons)."""
        assert isinstance(self.result, dict), f"{self.method} returned no message"
        return self.result

    @property
    def chat_id(self) -> int | None:
        raw = self.params.get("chat_id")
        return int(raw) if raw is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", self.params.get("caption", "")))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button of the reply markup, in order."""
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class Fault:
    """An error the server answers with instead of doing ``method``."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1


class ApiError(Exception):
    """An error answer, as Telegram would send it."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def _decode(value: str) -> Any:
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeTelegram:
    """The fake server. Use as a context manager, or call ``start()`` and ``stop()``."""

    def __init__(
        self,
        tokens: set[str],
        *,
        messages_per_second: int | None = None,
        per_chat_per_second: int | None = None,
        group_per_minute: int | None = None,
    ) -> None:
        """``messages_per_second`` enforces Telegram's overall limit with real 429 answers;
        ``per_chat_per_second`` and ``group_per_minute`` its limits per chat."""
        self.tokens = set(tokens)
        self.messages_per_second = messages_per_second
        self.per_chat_per_second = per_chat_per_second
        self.group_per_minute = group_per_minute
        self._chat_sends: dict[int, list[float]] = {}
        self._storm: tuple[float, float, int, random.Random] | None = None
        self.rejected_429 = 0
        self.refused: list[
            tuple[float, str, dict[str, Any], int]
        ] = []  # (at, method, params, retry_after)
        self._recent_sends: list[float] = []
        self.calls: list[Call] = []
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.menu_button: Any = None  # setChatMenuButton's last button
        #: seconds a method's answer takes, after the call is recorded (a slow network)
        self.delays: dict[str, float] = {}
        self.blocked: set[int] = set()
        self.faults: list[Fault] = []
        self.drops: dict[str, int] = {}  # method -> connections still to drop
        self.webhook_url: str | None = None
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._cond = threading.Condition()
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._members: dict[int, set[int]] = {}
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeTelegram:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # its access log shows tokens
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        # A short poll: stop() waits for the serving loop to notice, 0.5 s by default,
        # which every test using the fake paid at teardown.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}/bot"

    # -- what a test does --------------------------------------------------------------------
    def _chat(
        self, chat_id: int, chat_type: str, title: str | None, user: dict[str, Any]
    ) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = user["first_name"]
        else:
            chat["title"] = title or "Test group"
        self._chats[chat_id] = chat
        return chat

    def add_private_chat(self, user_id: int, first_name: str = "Alice") -> None:
        """A user who has started the bot at some point: messages to them are deliverable."""
        with self._cond:
            self._chat(user_id, "private", None, {"id": user_id, "first_name": first_name})

    def send_message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        first_name: str = "Alice",
        language_code: str | None = "en",
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
    ) -> int:
        """Inject a message from a user, as if they typed it; returns the update id."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        chat = self._chat(chat_id if chat_id is not None else user_id, chat_type, chat_title, user)
        if chat_type != "private":
            with self._cond:
                self._members.setdefault(chat["id"], set()).add(user_id)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        with self._cond:
            self._messages[(chat["id"], message["message_id"])] = message
        return self._push({"message": message})

    def press_button(
        self,
        message: dict[str, Any],
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Alice",
        language_code: str | None = "en",
    ) -> int:
        """Inject a press on an inline button of ``message`` (one the bot sent)."""
        uid = user_id if user_id is not None else message["chat"]["id"]
        user: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        query = {
            "id": str(next(self._update_ids) * 1000),
            "from": user,
            "message": message,
            "chat_instance": str(message["chat"]["id"]),
            "data": data,
        }
        return self._push({"callback_query": query})

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error instead."""
        with self._cond:
            self.faults.append(Fault(method, status, description, retry_after, times))

    def storm(
        self, seconds: float, fraction: float, *, retry_after: int = 1, seed: int = 0
    ) -> None:
        """For the next ``seconds``, answer ``fraction`` of all sends with 429 (a seeded draw,
        so a run can be repeated)."""
        with self._cond:
            until = time.monotonic() + seconds
            self._storm = (until, fraction, retry_after, random.Random(seed))  # noqa: S311 (a test draw)

    def _stormy(self) -> int | None:
        """The retry_after of a send the storm refuses (None: not refused)."""
        with self._cond:
            if self._storm is None or time.monotonic() > self._storm[0]:
                return None
            _until, fraction, retry_after, draw = self._storm
            return retry_after if draw.random() < fraction else None

    def leave(self, chat_id: int, user_id: int) -> None:
        """The user leaves the group."""
        with self._cond:
            self._members.get(chat_id, set()).discard(user_id)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to them fail with 403."""
        self.blocked.add(user_id)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The current state of a message the bot sent (after any edits)."""
        with self._cond:
            return dict(self._messages[(chat_id, message_id)])

    def chat_holds(self, chat_id: int, needle: str) -> bool:
        """Whether any message still in the chat (the user's or the bot's) contains ``needle``."""
        with self._cond:
            return any(
                needle in str(m.get("text", ""))
                for (chat, _), m in self._messages.items()
                if chat == chat_id
            )

    def documents_sent(self, chat_id: int, after: int = 0) -> dict[str, bytes]:
        """Every file sent to the chat since ``after`` (a mark), alone or in albums, by name."""
        with self._cond:
            calls = self.calls[after:]
        return {
            name: content
            for c in calls
            if c.method in ("sendDocument", "sendMediaGroup") and c.chat_id == chat_id
            for name, content in c.named().items()
        }

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        with self._cond:
            return [
                c
                for c in self.calls
                if c.method == method and (chat_id is None or c.chat_id == chat_id)
            ]

    def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 15.0) -> Call:
        """The first call (past or future) matching ``predicate``; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for call in self.calls:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{c.method}({c.text[:60]!r})" for c in self.calls][-15:]
                    raise AssertionError(f"no matching Bot API call within {timeout}s; saw {seen}")
                self._cond.wait(remaining)

    def wait_for_reply(
        self,
        chat_id: int,
        after: int = 0,
        timeout: float = 15.0,
        methods: tuple[str, ...] = ("sendMessage",),
        containing: str = "",
    ) -> Call:
        """The first message sent to ``chat_id`` after the first ``after`` calls (by one of
        ``methods``, its text ``containing`` a needle if one is given)."""
        with self._cond:
            start = after
        return self.wait_for(
            lambda c: (
                c.method in methods
                and c.chat_id == chat_id
                and containing in c.text
                and self.calls.index(c) >= start
            ),
            timeout,
        )

    def ask(self, text: str, *, user_id: int, language_code: str = "en") -> Call:
        """``text`` sent by the user (first name Alice), and the bot's first message after it."""
        mark = self.mark()
        self.send_message(text, user_id=user_id, language_code=language_code)
        return self.wait_for_reply(user_id, after=mark)

    def edited(self, chat_id: int, after: int, containing: str, timeout: float = 30.0) -> Call:
        """The first message edited in ``chat_id`` after ``after`` whose text holds a needle."""
        return self.wait_for_reply(
            chat_id, after, timeout, methods=("editMessageText",), containing=containing
        )

    def mark(self) -> int:
        """A position in the call log, for ``wait_for_reply(after=...)``."""
        with self._cond:
            return len(self.calls)

    def sent_texts(self, chat_id: int) -> list[str]:
        """Texts and captions of every message sent to ``chat_id``, in order."""
        with self._cond:
            return [
                c.text
                for c in self.calls
                if c.method in ("sendMessage", "sendPhoto", "sendDocument") and c.chat_id == chat_id
            ]

    def pending_update(self, update_id: int) -> dict[str, Any]:
        """An injected update not yet fetched (for tests that drive the Application in
        process)."""
        with self._cond:
            return next(u for u in self._pending if u["update_id"] == update_id)

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._pending)

    # -- the server --------------------------------------------------------------------------
    def _push(self, update: dict[str, Any]) -> int:
        with self._cond:
            update["update_id"] = next(self._update_ids)
            self._pending.append(update)
            self._cond.notify_all()
            return int(update["update_id"])

    def drop(self, method: str, times: int = 1) -> None:
        """Cut the connection of the next ``times`` calls of ``method`` without an answer."""
        with self._cond:
            self.drops[method] = self.drops.get(method, 0) + times

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        match = _PATH.match(environ.get("PATH_INFO", ""))
        method = match["method"] if match else ""
        with self._cond:
            dropped = self.drops.get(method, 0) > 0
            if dropped:
                self.drops[method] -= 1
        if dropped:  # the connection dies before any answer: the client sees it cut
            connection = environ["werkzeug.socket"]
            connection.shutdown(socket.SHUT_RDWR)
            connection.close()
            start_response("200 OK", [])
            return iter([b""])
        request = Request(environ)
        response = self._respond(request)
        return response(environ, start_response)  # type: ignore[no-any-return]

    def send_document(
        self,
        content: bytes,
        file_name: str,
        *,
        user_id: int = 1001,
        first_name: str = "Alice",
        language_code: str | None = "en",
        mime_type: str = "application/octet-stream",
        declared_size: int | None = None,
    ) -> int:
        """Inject a document a user sent (served by getFile and the file URL, as Telegram
        does); ``declared_size`` is what Telegram says its size is. Returns the update id."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        chat = self._chat(user_id, "private", None, user)
        with self._cond:
            file_id = f"doc-{next(self._message_ids)}"
            self._files[file_id] = (f"documents/{file_id}.bin", content)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(content) if declared_size is None else declared_size,
            },
        }
        with self._cond:
            self._messages[(chat["id"], message["message_id"])] = message
        return self._push({"message": message})

    def _api_getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        with self._cond:
            stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = stored
        if len(content) > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(content),
            "file_path": path,
        }

    def _respond(self, request: Request) -> Response:
        download = _FILE_PATH.match(request.path)
        if download is not None and download["token"] in self.tokens:
            with self._cond:
                self.calls.append(Call("download", {"path": download["path"]}, {}))
                found = [c for p, c in self._files.values() if p == download["path"]]
            if not found:
                return self._error(404, "Not Found")
            return Response(found[0], 200, mimetype="application/octet-stream")
        match = _PATH.match(request.path)
        if not match:
            return self._error(404, "Not Found")
        if match["token"] not in self.tokens:
            return self._error(401, "Unauthorized")
        method = match["method"]
        params: dict[str, Any] = {}
        if request.is_json:
            params.update(request.get_json() or {})
        params.update({key: _decode(value) for key, value in request.form.items()})
        files, names = {}, {}
        for name, storage in request.files.items():
            files[name] = storage.read()
            names[name] = storage.filename or name
            storage.close()
        request.close()
        call = Call(method, params, files, names=names)
        with self._cond:
            fault = next((f for f in self.faults if f.method == method and f.times > 0), None)
            if fault is not None:
                fault.times -= 1
        if fault is None and method != "getUpdates":
            with self._cond:
                self.calls.append(call)
                self._cond.notify_all()
        if fault is not None:
            if fault.status == 429:
                with self._cond:
                    self.refused.append((call.at, method, params, fault.retry_after or 0))
            return self._error(fault.status, fault.description, fault.retry_after)
        limited = self._over_limit(method, params)
        if limited is not None:
            with self._cond:
                self.calls.remove(call)
                self.rejected_429 += 1
                self.refused.append((call.at, method, params, limited))
            return self._error(429, "Too Many Requests", limited)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        if self.delays.get(method):
            time.sleep(self.delays[method])
        try:
            result = handler(params, files)
        except ApiError as exc:
            return self._error(exc.status, exc.description, exc.retry_after)
        call.result = result
        return Response(
            json.dumps({"ok": True, "result": result}), 200, mimetype="application/json"
        )

    def _over_limit(self, method: str, params: dict[str, Any]) -> int | None:
        """The retry_after of a send over Telegram's limits (None: within them)."""
        if method not in ("sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup"):
            return None
        stormy = self._stormy()
        if stormy is not None:
            return stormy
        now = time.monotonic()
        chat = int(params.get("chat_id", 0) or 0)
        with self._cond:
            if self.messages_per_second is not None:
                self._recent_sends = [t for t in self._recent_sends if now - t < 1.0]
                if len(self._recent_sends) >= self.messages_per_second:
                    return 1
            sends = [t for t in self._chat_sends.get(chat, []) if now - t < 60.0]
            if (
                chat > 0
                and self.per_chat_per_second is not None
                and sum(1 for t in sends if now - t < 1.0) >= self.per_chat_per_second
            ):
                return 1
            if (
                chat < 0
                and self.group_per_minute is not None
                and len(sends) >= self.group_per_minute
            ):
                return max(1, int(60 - (now - sends[0])) + 1)
            if self.messages_per_second is not None:
                self._recent_sends.append(now)
            self._chat_sends[chat] = [*sends, now]
            return None

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
            description = f"Too Many Requests: retry after {retry_after}"
            body["description"] = description
        return Response(json.dumps(body), status, mimetype="application/json")

    # -- methods -----------------------------------------------------------------------------
    def _api_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Resonance",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook_url = None
        return True

    def _api_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook_url = params.get("url")
        return True

    def _api_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            while not self._pending and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._pending[:limit])

    def _api_setChatMenuButton(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        """The chat's menu button (a Mini App: ``web_app.url`` must be https in real
        Telegram; the fake records what it was given)."""
        button = params.get("menu_button")
        with self._cond:
            self.menu_button = json.loads(button) if isinstance(button, str) else button
        return True

    def _api_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        language = params.get("language_code") or ""
        with self._cond:
            self.commands[language] = list(params["commands"])
        return True

    def _api_getMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self.commands.get(params.get("language_code") or "", [])

    def _target_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    @staticmethod
    def _check_text(text: str, params: dict[str, Any]) -> None:
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        if str(params.get("parse_mode", "")).upper() == "HTML":
            try:
                check_html(text)
            except TelegramHtmlError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat = self._target_chat(params)
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Resonance",
                "username": BOT_USERNAME,
            },
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        with self._cond:
            self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _api_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        text = str(params.get("text", ""))
        self._check_text(text, params)
        return self._new_message(params, text=text)

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if "photo" not in files and "photo" not in params:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        caption = str(params.get("caption", ""))
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        if caption and str(params.get("parse_mode", "")).upper() == "HTML":
            self._check_text(caption, params)
        photo = [{"file_id": "photo-1", "file_unique_id": "u1", "width": 800, "height": 600}]
        return self._new_message(params, photo=photo, caption=params.get("caption", ""))

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if "document" not in files and "document" not in params:
            raise ApiError(400, "Bad Request: there is no document in the request")
        document = {"file_id": "doc-1", "file_unique_id": "d1", "file_name": "data"}
        return self._new_message(params, document=document, caption=params.get("caption", ""))

    def _api_sendMediaGroup(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        """An album: 2 to 10 items, each attached to the request, documents with documents."""
        media = params.get("media")
        if isinstance(media, str):
            media = json.loads(media)
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: media group must include 2-10 items")
        kinds = {item.get("type") for item in media}
        if "document" in kinds and kinds != {"document"}:
            raise ApiError(400, "Bad Request: documents can't be mixed with other media types")
        messages = []
        for item in media:
            attached = str(item.get("media", "")).removeprefix("attach://")
            if attached not in files:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            document = {"file_id": f"doc-{attached}", "file_unique_id": attached}
            messages.append(
                self._new_message(params, document=document, caption=item.get("caption", ""))
            )
        return messages

    def _api_sendChatAction(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self._target_chat(params)
        return True

    def _api_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._target_chat(params)
        key = (chat["id"], int(params["message_id"]))
        text = str(params.get("text", ""))
        self._check_text(text, params)
        with self._cond:
            message = self._messages.get(key)
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup")
            if message.get("text") == text and message.get("reply_markup") == markup:
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            message["text"] = text
            message["edit_date"] = int(time.time())
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            return dict(message)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._target_chat(params)
        with self._cond:
            message = self._messages[(chat["id"], int(params["message_id"]))]
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            else:
                message.pop("reply_markup", None)
            return dict(message)

    def user_deletes(self, chat_id: int, message_id: int) -> None:
        """The user deleted a message in their chat: the bot can no longer edit it."""
        with self._cond:
            self._messages.pop((chat_id, message_id), None)

    def _api_deleteMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._target_chat(params)
        with self._cond:
            if self._messages.pop((chat["id"], int(params["message_id"])), None) is None:
                raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _api_getChatMember(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        with self._cond:
            member = user_id in self._members.get(chat_id, set())
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        return {"status": "member" if member else "left", "user": user}

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True
