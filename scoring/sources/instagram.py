"""Instagram professional accounts, through the Graph API with a token the user provides.

"Instagram API with Facebook Login": the token is the user's, with ``instagram_basic`` and
``pages_show_list``. Handles: the account's user name (``@name`` or
``https://www.instagram.com/name``), looked up among the Instagram accounts of the Pages the
token manages, or its numeric Instagram user id. Media are the account's posts: likes as
likes, comments as replies (Instagram has no reshare count).

People (formula 3.x): who commented on the account's recent media whose comments grew (one page
of each medium's comments; likes are not listed to a professional account). A token without
``instagram_manage_comments`` names nobody.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.base import FetchState, Secret
from scoring.sources.errors import InvalidHandle, NotFound
from scoring.sources.graph import ENDPOINT, TOKEN_SHAPES, GraphSource, shared_graph
from scoring.sources.registry import COMMENTS, N_, Nouns, Platform
from scoring.sources.text import excerpt, hashtags_in, parse_time

PLATFORM = "instagram"
PROFILE_FIELDS = "id,username,name,followers_count,follows_count,media_count"
MEDIA_FIELDS = "id,timestamp,caption,media_type,permalink,like_count,comments_count"
ACCOUNTS_FIELDS = "instagram_business_account{id,username,name}"
_NAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_ID = re.compile(r"^\d{8,25}$")
COMMENT_FIELDS = "id,username,from{id,username}"


def profile_url(handle: str) -> str | None:
    """An Instagram account's page, for a well-formed user name only."""
    name = handle.removeprefix("@")
    ok = _NAME.match(name) and not name.startswith(".") and ".." not in name
    return f"https://www.instagram.com/{name}/" if ok else None


def commenter(item: dict[str, Any]) -> tuple[str, str] | None:
    """(id, user name) of a comment's author: the Instagram user id where Graph gives it,
    else the user name (which Graph always gives)."""
    raw = item.get("from")
    author: dict[str, Any] = raw if isinstance(raw, dict) else {}
    name = author.get("username") or item.get("username")
    if not isinstance(name, str) or not _NAME.match(name):
        return None
    ident = author.get("id")
    return (str(ident) if isinstance(ident, str | int) else name), name


def parse_account_ref(query: str) -> tuple[str, str]:
    """("id", "1784…") or ("username", "name") from what the user typed."""
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        segments = [s for s in parts.path.split("/") if s]
        if not (host == "instagram.com" or host.endswith(".instagram.com")) or len(segments) != 1:
            raise InvalidHandle("an Instagram URL looks like https://www.instagram.com/name")
        text = segments[0]
    text = text.removeprefix("@")
    if _ID.match(text):
        return "id", text
    if _NAME.match(text) and not text.startswith(".") and ".." not in text:
        return "username", text.lower()
    raise InvalidHandle("an Instagram account is a user name or a numeric Instagram user id")


def parse_media(item: dict[str, Any]) -> Post:
    caption = str(item.get("caption") or "")
    return Post(
        post_id=str(item["id"]),
        created_at=parse_time(str(item["timestamp"])),
        kind=PostKind.OWN,
        likes=int(item.get("like_count") or 0),  # absent when the owner hides like counts
        replies=int(item.get("comments_count") or 0),
        url=str(item.get("permalink") or ""),
        excerpt=excerpt(caption),
        hashtags=hashtags_in(caption)[:20],
        has_media=True,
    )


class InstagramAccounts(GraphSource):
    """Reads an Instagram professional account's followers and recent media."""

    platform = PLATFORM

    def _find(self, token: Secret, username: str) -> str:
        """The id of the token's Instagram account called ``username``."""
        for page in self.graph.edge(token, "me/accounts", 100, fields=ACCOUNTS_FIELDS):
            account = page.get("instagram_business_account") or {}
            if str(account.get("username") or "").lower() == username:
                return str(account["id"])
        raise NotFound(f"no Instagram professional account {username} among the token's pages")

    def resolve_with(self, token: Secret, query: str) -> Account:
        kind, value = parse_account_ref(query)
        account_id = value if kind == "id" else self._find(token, value)
        user = self.graph.get(token, account_id, fields=PROFILE_FIELDS)
        username = str(user.get("username") or user["id"])
        return Account(
            PLATFORM,
            str(user["id"]),
            username,
            str(user.get("name") or username),
            f"https://www.instagram.com/{username}",
        )

    def owned_with(self, token: Secret, account: Account) -> bool:
        """An Instagram token of the account itself (``me``), or a user's token one of whose
        managed pages has the account attached."""
        for node in self.managed(token):
            attached = node.get("instagram_business_account") or {}
            if account.account_id in (str(node.get("id")), str(attached.get("id"))):
                return True
        return False

    def fetch_with(
        self, token: Secret, account: Account, state: FetchState, now: datetime
    ) -> ChannelData:
        user = self.graph.get(token, account.account_id, fields=PROFILE_FIELDS)
        posts = self.recent(
            token, f"{account.account_id}/media", parse_media, now, fields=MEDIA_FIELDS
        )
        profile = Profile(
            followers=int(user.get("followers_count") or 0),
            following=int(user.get("follows_count") or 0),
            posts_count=int(user.get("media_count") or 0),
            display_name=str(user.get("name") or account.display_name),
            url=account.url,
        )
        return self.with_commenters(
            token, account, profile, posts, state, now, COMMENT_FIELDS, commenter
        )


SPEC = Platform(
    name=PLATFORM,
    display="Instagram",
    nouns=Nouns(replies=COMMENTS),
    examples="your_business_account, https://www.instagram.com/your_business_account",
    build=lambda config, clients: InstagramAccounts(shared_graph(config, clients), config),
    endpoints=(ENDPOINT,),
    token_shapes=TOKEN_SHAPES,
    token_help=N_(
        "A user access token with the instagram_basic and pages_show_list permissions, for "
        "example from Meta's Graph API Explorer; the account must be a professional one."
    ),
    hosts=("instagram.com",),
    records_giving=False,
    lists_people=True,
    profile_url=profile_url,
)
