"""Telegram Mini App initData: only what Telegram signed for this bot, less than a day ago."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from hypothesis import given
from hypothesis import strategies as st

from bot.web.init_data import MAX_LENGTH, Refused, WebAppUser, sign, validate

TOKEN = "123456789:AAHtestTOKENfor-the-fake-server_0123"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _signed(age: timedelta = timedelta(minutes=1), token: str = TOKEN, **extra: str) -> str:
    user = json.dumps({"id": 42, "first_name": "Ada", "language_code": "de"})
    fields = {"auth_date": str(int((NOW - age).timestamp())), "user": user, **extra}
    return sign(fields, token)


def test_telegrams_signature_is_believed() -> None:
    checked = validate(_signed(query_id="AAE"), TOKEN, NOW)
    assert isinstance(checked, WebAppUser)
    assert (checked.id, checked.language_code) == (42, "de")


def test_the_documented_example_shape_validates() -> None:
    """The field order Telegram sends does not matter: the check string is sorted."""
    pairs = parse_qsl(_signed(query_id="AAE", chat_type="private"))
    shuffled = urlencode(list(reversed(pairs)))
    assert isinstance(validate(shuffled, TOKEN, NOW), WebAppUser)


def test_everything_else_is_refused() -> None:
    good = _signed()
    fields = dict(parse_qsl(good))
    tampered = urlencode({**fields, "user": fields["user"].replace("42", "43")})
    assert validate(tampered, TOKEN, NOW) is Refused.FORGED, "another user's id"
    assert validate(good, "987654321:AAanother_bot_token_0000000000000", NOW) is Refused.FORGED
    assert validate(_signed(age=timedelta(days=2)), TOKEN, NOW) is Refused.EXPIRED
    assert validate(_signed(age=timedelta(hours=-1)), TOKEN, NOW) is Refused.EXPIRED
    assert validate("", TOKEN, NOW) is Refused.MISSING
    unsigned = urlencode({k: v for k, v in fields.items() if k != "hash"})
    assert validate(unsigned, TOKEN, NOW) is Refused.FORGED
    assert validate(good + "&hash=" + fields["hash"], TOKEN, NOW) is Refused.FORGED, "twice"
    assert validate("a" * (MAX_LENGTH + 1), TOKEN, NOW) is Refused.FORGED
    nobody = sign({"auth_date": str(int(NOW.timestamp())), "user": '{"first_name":"x"}'}, TOKEN)
    assert validate(nobody, TOKEN, NOW) is Refused.MALFORMED


@given(st.text(max_size=300))
def test_no_string_passes_without_the_token(text: str) -> None:
    assert not isinstance(validate(text, TOKEN, NOW), WebAppUser)


def test_the_newer_signature_field_is_part_of_what_the_bot_token_signs() -> None:
    """Telegram's clients add ``signature`` (an Ed25519 proof for third parties); the HMAC with
    the bot token covers every field but ``hash``, so that one too."""
    with_signature = _signed(signature="kNXJv3tG5yPj_Ed25519_proof_base64url")
    assert isinstance(validate(with_signature, TOKEN, NOW), WebAppUser)
    fields = dict(parse_qsl(with_signature))
    swapped = urlencode({**fields, "signature": "another"})
    assert validate(swapped, TOKEN, NOW) is Refused.FORGED, "the signature is signed too"
