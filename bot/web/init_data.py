"""Telegram Mini App ``initData``: who is asking, proven by Telegram (issue 29).

Telegram signs what it hands a Mini App: the fields (``auth_date``, ``user``, ``query_id``…)
sorted by name as ``key=value`` lines are HMAC-SHA256'd with a key that is itself
HMAC-SHA256("WebAppData", bot token). The page sends the string back with every API call;
nothing it says is believed unless the signature holds and it is less than a day old
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from urllib.parse import parse_qsl, urlencode

#: How old a signed initData may be.
MAX_AGE = timedelta(days=1)
#: A signed initData is a few hundred bytes; anything far longer is not one.
MAX_LENGTH = 4096


class Refused(Enum):
    MISSING = "missing"
    FORGED = "forged"  # no signature, a wrong one, or signed with another bot's token
    EXPIRED = "expired"  # older than MAX_AGE (or from the future)
    MALFORMED = "malformed"  # signed, but without a user id


@dataclass(frozen=True, slots=True)
class WebAppUser:
    id: int
    language_code: str | None
    auth_date: datetime


def _secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _check_string(fields: dict[str, str]) -> bytes:
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields)).encode()


def sign(fields: dict[str, str], bot_token: str) -> str:
    """``fields`` signed as Telegram signs them (for tests and the benchmark)."""
    digest = hmac.new(_secret(bot_token), _check_string(fields), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def _signed(given: str, fields: dict[str, str], bot_token: str) -> bool:
    """Whether ``given`` is the HMAC of ``fields`` under the bot's key. Telegram's documented
    data-check string holds every received field but ``hash``, so the newer ``signature``
    (its Ed25519 proof for third parties) too; a client that leaves it out of the HMAC is
    accepted as well. Either way only the bot token's key can have made ``given``."""
    secret = _secret(bot_token)
    candidates = [fields]
    if "signature" in fields:
        candidates.append({k: v for k, v in fields.items() if k != "signature"})
    return any(
        hmac.compare_digest(
            given, hmac.new(secret, _check_string(each), hashlib.sha256).hexdigest()
        )
        for each in candidates
    )


def validate(init_data: str, bot_token: str, now: datetime) -> WebAppUser | Refused:
    """The user ``init_data`` was signed for, or why it is refused."""
    if not init_data:
        return Refused.MISSING
    if len(init_data) > MAX_LENGTH:
        return Refused.FORGED
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return Refused.FORGED
    fields = dict(pairs)
    if len(fields) != len(pairs):
        return Refused.FORGED  # a field given twice: which one was signed?
    given = fields.pop("hash", "")
    if not given or not _signed(given, fields, bot_token):
        return Refused.FORGED
    try:
        signed_at = datetime.fromtimestamp(int(fields.get("auth_date", "")), tz=now.tzinfo)
    except (ValueError, OverflowError, OSError):
        return Refused.MALFORMED
    if not timedelta(minutes=-5) <= now - signed_at <= MAX_AGE:
        return Refused.EXPIRED
    try:
        user = json.loads(fields.get("user", ""))
    except ValueError:
        return Refused.MALFORMED
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        return Refused.MALFORMED
    language = user.get("language_code")
    return WebAppUser(user["id"], language if isinstance(language, str) else None, signed_at)


def claimed_language(init_data: str) -> str | None:
    """The language code ``init_data`` claims, signed or not: only ever used to say a refusal
    in the language the person reads (it grants nothing)."""
    try:
        user = json.loads(dict(parse_qsl(init_data[:MAX_LENGTH])).get("user", ""))
    except ValueError:
        return None
    language = user.get("language_code") if isinstance(user, dict) else None
    return language if isinstance(language, str) else None
