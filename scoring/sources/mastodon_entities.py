"""Mastodon's API entities as ours: a Status as a Post, an Account as a Profile or as a person
on a post (formula 3.4: and whether its account is empty), the people the owner's replies
answered. Pure: JSON in, dataclasses out (``scoring.sources.mastodon`` reads them).
"""

from __future__ import annotations

from typing import Any

from scoring.channel_data import Engagement, EngagementKind, Post, PostKind, Profile
from scoring.sources.people import is_empty_account
from scoring.sources.text import excerpt, parse_time, strip_html


def parse_profile(raw: dict[str, Any]) -> Profile:
    return Profile(
        followers=int(raw.get("followers_count") or 0),
        following=int(raw.get("following_count") or 0),
        posts_count=int(raw.get("statuses_count") or 0),
        display_name=str(raw.get("display_name") or raw.get("username") or ""),
        url=str(raw.get("url") or ""),
    )


def embedded_profile(statuses: list[Any], own_id: str) -> Profile | None:
    """The account as embedded in its own statuses (Mastodon embeds the full Account)."""
    for status in statuses:
        account = status.get("account") if isinstance(status, dict) else None
        own = isinstance(account, dict) and str(account.get("id")) == own_id
        if own and isinstance(account, dict) and "followers_count" in account:
            return parse_profile(account)
    return None


def classify(status: dict[str, Any], own_id: str) -> PostKind | None:
    """The kind of ``status`` for account ``own_id``; None for a boost of one's own post."""
    reblog = status.get("reblog")
    if reblog:
        booster_of_self = str((reblog.get("account") or {}).get("id")) == own_id
        return None if booster_of_self else PostKind.RESHARE
    reply_to = status.get("in_reply_to_account_id")
    if status.get("in_reply_to_id") and reply_to is not None and str(reply_to) != own_id:
        return PostKind.REPLY
    quote = status.get("quote")
    if quote:
        quoted = (quote.get("quoted_status") or quote).get("account") or {}
        if str(quoted.get("id", "")) not in ("", own_id):
            return PostKind.QUOTE
    return PostKind.OWN


def parse_status(status: dict[str, Any], own_id: str) -> Post | None:
    """One status as a Post; reshares carry no counts (the interaction is not the user's)."""
    kind = classify(status, own_id)
    if kind is None:
        return None
    created = parse_time(str(status["created_at"]))
    if kind is PostKind.RESHARE:
        original = status["reblog"]
        return Post(
            post_id=str(status["id"]),
            created_at=created,
            kind=kind,
            url=str(original.get("url") or original.get("uri") or ""),
            excerpt=excerpt(strip_html(str(original.get("content") or ""))),
        )
    content = str(status.get("content") or "")
    text = strip_html(content)
    return Post(
        post_id=str(status["id"]),
        created_at=created,
        kind=kind,
        likes=int(status.get("favourites_count") or 0),
        reshares=int(status.get("reblogs_count") or 0),
        replies=int(status.get("replies_count") or 0),
        quotes=int(status.get("quotes_count") or 0),
        url=str(status.get("url") or status.get("uri") or ""),
        excerpt=excerpt(text or str(status.get("spoiler_text") or "")),
        hashtags=tuple(str(tag.get("name", "")).lower() for tag in status.get("tags") or []),
        has_media=bool(status.get("media_attachments")),
        has_link=bool(status.get("card")),
        in_thread=kind is not PostKind.REPLY and bool(status.get("in_reply_to_id")),
    )


def person_handle(account: Any, host: str) -> tuple[str, str] | None:
    """(id on the channel's server, @user@server) of an embedded Account; None if malformed."""
    if not isinstance(account, dict) or account.get("id") is None:
        return None
    acct = str(account.get("acct") or account.get("username") or "")
    if not acct:
        return None
    return str(account["id"]), f"@{acct}" if "@" in acct else f"@{acct}@{host}"


def answered(statuses: list[Any], own_id: str, host: str) -> list[Engagement]:
    """The people the owner's replies answered (the handle from the reply's mentions)."""
    found = []
    for status in statuses:
        if not isinstance(status, dict) or status.get("reblog") or not status.get("in_reply_to_id"):
            continue
        if str((status.get("account") or {}).get("id")) != own_id:
            continue
        person = str(status.get("in_reply_to_account_id") or "")
        if not person or person == own_id:
            continue
        handle = next(
            (
                named[1]
                for mention in status.get("mentions") or []
                if (named := person_handle(mention, host)) and named[0] == person
            ),
            "",
        )
        created = parse_time(str(status.get("created_at")))
        found.append(
            Engagement(str(status["id"]), person, EngagementKind.ANSWERED, handle, created)
        )
    return found


def empty_accounts(accounts: list[dict[str, Any]]) -> set[str]:
    """Formula 3.4: the ids of the listed Accounts that are empty as the channel's server knows
    them: no status and no follower counted, and no status it ever saw (``last_status_at``: a
    remote server that does not report its counts is not taken for an empty one by that alone).
    """
    return {
        str(a.get("id"))
        for a in accounts
        if is_empty_account(a.get("statuses_count"), a.get("followers_count"))
        and not a.get("last_status_at")
    }
