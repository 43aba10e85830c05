"""Counted nouns ("1 follower", "40 followers"), each in the plural forms of every language.

Messages that hold several counts take these phrases as fields, so each count gets its own form.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.views.i18n import P_, Html, Plural, tn
from scoring.sources import registry
from scoring.sources.registry import Nouns

FOLLOWERS = P_("{count} follower", "{count} followers")
POSTS = P_("{count} post", "{count} posts")
COMMENTS = Plural(*registry.COMMENTS)  # the platforms' word, declared once
MINUTES = P_("{count} minute", "{count} minutes")
GIVING = P_("{count} reply or reshare of others", "{count} replies and reshares of others")
OWN = P_("{count} own", "{count} own")


def interaction(
    language: str,
    likes: int,
    reshares: int,
    replies: int,
    accounts: Iterable[tuple[str, str]],
    *,
    quotes: int = 0,
) -> Html:
    """A post's counts as the pages of its platform name them ("40 stars, 12 forks", "9
    comments", a LinkedIn member export's "120 engagements"), for its (platform, account id):
    the counts it has, in that order (its quotes last: each count the weighted value that /why
    shows is made of), or its replies (0) when it has none. A post sent to
    several networks (a cross-post) gets the word they share for each count, else the general
    one."""
    general = Nouns()
    said = [nouns(platform, account) for platform, account in accounts] or [general]

    def word(field: str) -> Plural:
        forms = {getattr(n, field) for n in said}
        return Plural(*(forms.pop() if len(forms) == 1 else getattr(general, field)))

    counted = [(likes, "likes"), (reshares, "reshares"), (replies, "replies"), (quotes, "quotes")]
    phrases = [tn(language, word(field), count) for count, field in counted if count > 0]
    return Html(", ".join(phrases) or tn(language, word("replies"), replies))


def nouns(platform: str, account_id: str) -> Nouns:
    """What one account's platform calls its posts' counts (the general words if unknown)."""
    spec = registry.get(platform)
    return spec.nouns_for(account_id) if spec is not None else Nouns()
