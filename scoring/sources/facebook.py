"""Facebook Pages, through the Graph API with a Page access token the user provides.

Handles: ``https://www.facebook.com/YourPage``, ``https://www.facebook.com/profile.php?id=…``,
a page name or a numeric page id. A page's posts are its own work: reactions count as likes,
comments as replies, shares as reshares. Several pages per user are several channels, each
with its own token.

People (formula 3.x): who commented on the page's recent posts whose comments grew (one page of
each post's comments, with the page's token, which is what lets Graph name them; reactions are
not asked for). A commenter is named by their name, never linked.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.base import FetchState, Secret
from scoring.sources.errors import InvalidHandle
from scoring.sources.graph import ENDPOINT, TOKEN_SHAPES, GraphSource, shared_graph
from scoring.sources.registry import COMMENTS, N_, REACTIONS, SHARES, Endpoint, Nouns, Platform
from scoring.sources.text import excerpt, has_url, hashtags_in, parse_time

PLATFORM = "facebook"
#: Meta's authorization page, for "Connect Facebook" (scoring/sources/meta_login.py).
DIALOG = Endpoint(
    "meta_dialog", "RESONANCE_META_DIALOG", "https://www.facebook.com/v21.0/dialog/oauth"
)
PROFILE_FIELDS = "id,name,username,link,followers_count,fan_count"
POST_FIELDS = (
    "id,created_time,message,permalink_url,full_picture,status_type,shares,"
    "reactions.summary(total_count).limit(0),comments.summary(true).limit(0)"
)
_NAME = re.compile(r"^[A-Za-z0-9.\-]{2,100}$")
_ID = re.compile(r"^\d{5,20}$")
_NOT_PAGES = {"people", "groups", "events", "watch", "marketplace", "share", "sharer.php"}
COMMENT_FIELDS = "id,from{id,name}"


def commenter(item: dict[str, Any]) -> tuple[str, str] | None:
    """(id, name) of a comment's author; None where Graph does not say (another token)."""
    author = item.get("from")
    if not isinstance(author, dict) or not isinstance(author.get("id"), str | int):
        return None
    return str(author["id"]), str(author.get("name") or "")


def parse_page_ref(query: str) -> str:
    """A page id or page user name from what the user typed."""
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        if not (host == "fb.com" or host == "facebook.com" or host.endswith(".facebook.com")):
            raise InvalidHandle("a Facebook Page URL looks like https://www.facebook.com/YourPage")
        segments = [s for s in parts.path.split("/") if s]
        if segments == ["profile.php"]:
            text = (parse_qs(parts.query).get("id") or [""])[0]
        elif len(segments) >= 3 and segments[0] == "pages" and _ID.match(segments[-1]):
            text = segments[-1]
        elif segments and segments[0] not in _NOT_PAGES:
            text = segments[0]
        else:
            raise InvalidHandle("a Facebook Page URL looks like https://www.facebook.com/YourPage")
    text = text.removeprefix("@")
    if _ID.match(text) or _NAME.match(text):
        return text
    raise InvalidHandle("a Facebook Page is a page URL, a page name or a numeric page id")


def _total(item: dict[str, Any], edge: str) -> int:
    return int(((item.get(edge) or {}).get("summary") or {}).get("total_count") or 0)


def parse_page_post(item: dict[str, Any]) -> Post:
    message = str(item.get("message") or item.get("name") or "")
    status = str(item.get("status_type") or item.get("type") or "")
    return Post(
        post_id=str(item["id"]),
        created_at=parse_time(str(item["created_time"])),
        kind=PostKind.OWN,
        likes=_total(item, "reactions"),
        replies=_total(item, "comments"),
        reshares=int((item.get("shares") or {}).get("count") or 0),
        url=str(item.get("permalink_url") or f"https://www.facebook.com/{item['id']}"),
        excerpt=excerpt(message),
        hashtags=hashtags_in(message)[:20],
        has_media=bool(item.get("full_picture")) or status in ("added_photos", "added_video"),
        has_link=bool(item.get("link")) or has_url(message) or status == "shared_story",
    )


class FacebookPages(GraphSource):
    """Reads a Facebook Page's followers and its recent posts with the page's token."""

    platform = PLATFORM

    def resolve_with(self, token: Secret, query: str) -> Account:
        page = self.graph.get(token, parse_page_ref(query), fields=PROFILE_FIELDS)
        page_id = str(page["id"])
        return Account(
            PLATFORM,
            page_id,
            str(page.get("username") or page_id),
            str(page.get("name") or ""),
            str(page.get("link") or f"https://www.facebook.com/{page_id}"),
        )

    def owned_with(self, token: Secret, account: Account) -> bool:
        """The page's own token (``me`` is the page), or a user's token whose managed pages
        (``me/accounts``) include it."""
        return any(str(node.get("id")) == account.account_id for node in self.managed(token))

    def fetch_with(
        self, token: Secret, account: Account, state: FetchState, now: datetime
    ) -> ChannelData:
        page = self.graph.get(token, account.account_id, fields=PROFILE_FIELDS)
        since = int((now - self.config.window).timestamp())
        posts = self.recent(
            token,
            f"{account.account_id}/posts",
            parse_page_post,
            now,
            fields=POST_FIELDS,
            since=since,
        )
        profile = Profile(
            followers=int(page.get("followers_count") or page.get("fan_count") or 0),
            display_name=str(page.get("name") or account.display_name),
            url=account.url,
            extra={"fans": int(page.get("fan_count") or 0)},
        )
        return self.with_commenters(
            token, account, profile, posts, state, now, COMMENT_FIELDS, commenter,
            filter="stream", order="reverse_chronological",  # replies too, the newest first
        )  # fmt: skip


SPEC = Platform(
    name=PLATFORM,
    display="Facebook",
    nouns=Nouns(likes=REACTIONS, reshares=SHARES, replies=COMMENTS),
    examples="https://www.facebook.com/YourPage, 104123456789012",
    build=lambda config, clients: FacebookPages(shared_graph(config, clients), config),
    endpoints=(ENDPOINT, DIALOG),
    keys=("META_APP_ID", "META_APP_SECRET"),  # "Connect Facebook" (meta_login.py)
    token_shapes=TOKEN_SHAPES,
    token_help=N_(
        "A Page access token with the pages_read_engagement permission, for example from "
        "Meta's Graph API Explorer. Several pages? Link each one with its own token."
    ),
    hosts=("facebook.com", "fb.com"),
    records_giving=False,
    lists_people=True,
)
