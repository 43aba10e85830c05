"""Counted nouns ("1 follower", "40 followers"), each in the plural forms of every language.

Messages that hold several counts take these phrases as fields, so each count gets its own form.
"""

from __future__ import annotations

from bot.views.i18n import P_, Html, tn

FOLLOWERS = P_("{count} follower", "{count} followers")
POSTS = P_("{count} post", "{count} posts")
LIKES = P_("{count} like", "{count} likes")
RESHARES = P_("{count} reshare", "{count} reshares")
REPLIES = P_("{count} reply", "{count} replies")
COMMENTS = P_("{count} comment", "{count} comments")
MINUTES = P_("{count} minute", "{count} minutes")
GIVING = P_("{count} reply or reshare of others", "{count} replies and reshares of others")
OWN = P_("{count} own", "{count} own")


def interaction(language: str, likes: int, reshares: int, replies: int) -> dict[str, Html]:
    """The ``likes``, ``reshares`` and ``replies`` fields of a post's line."""
    return {
        "likes": tn(language, LIKES, likes),
        "reshares": tn(language, RESHARES, reshares),
        "replies": tn(language, REPLIES, replies),
    }
