"""Users' access tokens, encrypted at rest with Fernet under RESONANCE_SECRET_KEY.

The key is one Fernet key, or several separated by commas to rotate: the first encrypts,
every one of them decrypts. A token that none of them opens (the key was replaced, the row
was tampered with) is a :class:`SealBroken`; its channel asks the user to link it again.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

GENERATE = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class SealBroken(Exception):
    """A stored token cannot be decrypted with the configured keys."""


def parse_keys(raw: str) -> list[Fernet]:
    """The Fernet keys in ``raw`` (comma separated); ValueError naming the bad one."""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise ValueError("no key given")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode("ascii")))
        except (ValueError, UnicodeEncodeError) as exc:
            raise ValueError(
                f"key {position} is not a Fernet key (32 url-safe base64-encoded bytes); "
                f"make one with: {GENERATE}"
            ) from exc
    return fernets


class Vault:
    """Encrypts and decrypts tokens; holds the keys and nothing else."""

    __slots__ = ("_fernet",)

    def __init__(self, raw_keys: str) -> None:
        self._fernet = MultiFernet(parse_keys(raw_keys))

    def __repr__(self) -> str:
        return "Vault(<keys hidden>)"

    def seal(self, token: str) -> bytes:
        return self._fernet.encrypt(token.encode("utf-8"))

    def reseal(self, sealed: bytes) -> bytes:
        """``sealed`` encrypted again under the first key (for rotation); SealBroken if no
        configured key opens it."""
        try:
            return self._fernet.rotate(bytes(sealed))
        except InvalidToken as exc:
            raise SealBroken("no configured key decrypts the stored token") from exc

    def open(self, sealed: bytes) -> str:
        try:
            return self._fernet.decrypt(bytes(sealed)).decode("utf-8")
        except InvalidToken as exc:
            raise SealBroken("no configured key decrypts the stored token") from exc
