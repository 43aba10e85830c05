"""How the bot names platforms and explains their handles to people."""

from __future__ import annotations

from bot.i18n import N_, gettext

NAMES = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "github": "GitHub",
    "blog": "Blog",
    "hackernews": "Hacker News",
    "stackexchange": "Stack Exchange",
    "reddit": "Reddit",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "instagram": "Instagram",
}

#: What to type for each platform (shown after a malformed handle, and when asking for one).
EXAMPLES = {
    "mastodon": "@alice@mastodon.social, https://mastodon.social/@alice",
    "bluesky": "alice.bsky.social, https://bsky.app/profile/alice.bsky.social",
    "github": "alice, https://github.com/alice",
    "blog": "https://example.com/blog, https://example.com/feed.xml",
    "hackernews": "pg, https://news.ycombinator.com/user?id=pg",
    "stackexchange": "https://stackoverflow.com/users/22656",
    "reddit": "spez, https://www.reddit.com/user/spez",
    "youtube": "@handle, https://www.youtube.com/@handle",
    "facebook": "https://www.facebook.com/YourPage, 104123456789012",
    "instagram": "your_business_account, https://www.instagram.com/your_business_account",
}

NOT_AVAILABLE = N_("Reading {platform} is not available on this Resonance. /help lists what is.")


def name(platform: str) -> str:
    """The platform's display name."""
    return NAMES.get(platform, platform)


CHANNEL_NAME = N_("{name} on {platform}")


def channel_name(language: str, label: str, platform: str) -> str:
    """How a channel is named everywhere: "Alice Schmidt on Bluesky" (plain text, unescaped).

    Two channels with the same display name on two networks are told apart by the platform.
    """
    return gettext(language, CHANNEL_NAME).format(name=label, platform=name(platform))
