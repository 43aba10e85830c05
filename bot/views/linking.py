"""What linking a channel answers: the linked channel's first numbers, or why it was not.

The messages of :func:`bot.use_cases.linking.link_channel`'s results, for /link and for a
sign-in that links a channel (bot/handlers/connect.py).
"""

from __future__ import annotations

from bot.use_cases.linking import (
    AlreadyLinked,
    Linked,
    LinkResult,
    NotResolved,
    TooFast,
    TooMany,
)
from bot.views import counts, platforms
from bot.views import errors as error_texts
from bot.views.i18n import N_, P_, Html, t, tn
from scoring.channel_data import PostKind, short_name, shown_name
from scoring.sources import has_followers
from scoring.sources.registry import is_self_reported

LINKED = N_(
    "Linked <b>{name}</b>: {followers}, {posts} of the last 90 days read ({own}, "
    "{giving}). /channels shows all your channels."
)
LINKED_NO_FOLLOWERS = N_(
    "Linked <b>{name}</b>: {posts} of the last 90 days read, with {comments}. /channels shows "
    "all your channels."
)
LINKED_UNREAD = N_(
    "Linked <b>{name}</b>, but it could not be read just now: {reason} "
    "I will try again at the next refresh."
)
ALREADY = N_("You have already linked <b>{name}</b>. /channels lists your channels.")
LINKED_SELF_REPORTED = N_(
    "I cannot read <b>{name}</b>, so it counts with the numbers you send me: each week, your "
    "followers, posts, reactions and comments there. They count like any others, marked as "
    "yours, and never rank on group leaderboards."
)
TOO_MANY = N_("You have reached the limit of linked channels. /unlink one first.")
TOO_FAST = P_(
    "That is a lot of linking in one minute. Please wait {count} second, then send /link again.",
    "That is a lot of linking in one minute. Please wait {count} seconds, then send /link again.",
)
MERGED = N_(
    "Your imported {name} holds the same posts, so it is part of this channel now: they count once."
)
DUPLICATE = N_(
    "These are the same posts as your channel <b>{name}</b>, so they count once: this channel "
    "adds nothing to your score. /unlink one of them if you like."
)
RENEWED = N_(
    "Renewed the access token of <b>{name}</b>: {followers}, {posts} of the last 90 days read."
)


def result_text(language: str, result: LinkResult, platform: str, query: str) -> Html:
    match result:
        case NotResolved(refused):
            sentence = error_texts.sentence(language, refused, platform, query)
            file_instead = platforms.import_help(language, platform)
            if refused.code == "not_configured" and file_instead:
                return Html(f"{sentence}\n\n{file_instead}")
            return sentence
        case AlreadyLinked(account):
            shown = shown_name(account.display_name, account.handle)
            return t(language, ALREADY, name=platforms.channel_name(language, shown, platform))
        case TooMany():
            return t(language, TOO_MANY)
        case TooFast(seconds):
            return tn(language, TOO_FAST, seconds)
        case Linked(data=None, error=None) if is_self_reported(platform):
            return t(language, LINKED_SELF_REPORTED, name=result.label)
    name = platforms.channel_name(language, result.label, platform, "read")
    match result:
        case Linked(data=None, error=error) if error is not None:
            reason = error_texts.sentence(language, error, platform, query)
            return t(language, LINKED_UNREAD, name=name, reason=reason)
        case Linked(data=data) if data is not None and not has_followers(platform):
            own = [p for p in data.posts if p.kind is PostKind.OWN]
            comments = tn(language, counts.COMMENTS, sum(p.replies for p in own))
            posts = tn(language, counts.POSTS, len(own))
            linked = t(language, LINKED_NO_FOLLOWERS, name=name, posts=posts, comments=comments)
            return _with_notes(language, linked, result)
        case Linked(data=data) if data is not None:
            followers = tn(language, counts.FOLLOWERS, data.profile.followers)
            posts = tn(language, counts.POSTS, len(data.posts))
            if result.renewed:
                return t(language, RENEWED, name=name, followers=followers, posts=posts)
            linked = t(
                language,
                LINKED,
                name=name,
                followers=followers,
                posts=posts,
                own=tn(language, counts.OWN, result.own_posts),
                giving=tn(language, counts.GIVING, result.giving_posts),
            )
            return _with_notes(language, linked, result)
    raise AssertionError(f"unexpected link result {result!r}")


def _with_notes(language: str, linked: Html, result: Linked) -> Html:
    """The linked message, with what the new channel merged or duplicates said under it."""
    notes = [linked]
    if result.merged:
        notes.append(t(language, MERGED, name=short_name(result.merged)))
    if result.duplicates:
        label, platform = result.duplicates
        notes.append(t(language, DUPLICATE, name=platforms.channel_name(language, label, platform)))
    return Html("\n".join(notes))
