"""Advice as a change to the model's inputs, so that the model itself prices it. Pure.

A :class:`WhatIf` adds steady extra posts or replies to others, or makes every few own posts
earn like a better kind, over the whole window; :mod:`scoring.tips` computes the score with
and without it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scoring.channel_data import Post, PostKind
from scoring.model import ChannelInput, is_post
from scoring.steady import steady_moments


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A piece of advice as a change to the inputs, followed steadily over the window.

    ``channel_id`` 0 means every counting channel (for boosts). Extra posts earn the counts of
    ``likes`` … ``quotes`` each; a boost multiplies the counts of every ``boost_every``-th own
    post (newest first) by ``boost_ratio``.
    """

    channel_id: int
    posts_per_week: float = 0.0
    likes: int = 0
    reshares: int = 0
    replies: int = 0
    quotes: int = 0
    hashtags: tuple[str, ...] = ()
    excerpt: str = ""
    gives_per_week: float = 0.0
    boost_every: int = 0
    boost_ratio: float = 1.0

    def apply(self, channels: Sequence[ChannelInput], now: datetime) -> list[ChannelInput]:
        return [self._apply_one(c, now) for c in channels]

    def _apply_one(self, channel: ChannelInput, now: datetime) -> ChannelInput:
        if channel.weight <= 0 or self.channel_id not in (0, channel.channel_id):
            return channel
        posts = list(channel.posts)
        if self.boost_every:
            posts = boosted(posts, self.boost_every, self.boost_ratio)
        posts += [
            Post(
                post_id=f"what-if-post-{i}", created_at=moment, kind=PostKind.OWN,
                likes=self.likes, reshares=self.reshares, replies=self.replies,
                quotes=self.quotes, hashtags=self.hashtags, excerpt=self.excerpt,
            )
            for i, moment in enumerate(steady_moments(self.posts_per_week, now))
        ]  # fmt: skip
        posts += [
            Post(post_id=f"what-if-give-{i}", created_at=moment, kind=PostKind.REPLY)
            for i, moment in enumerate(steady_moments(self.gives_per_week, now))
        ]
        return dataclasses.replace(channel, posts=posts)


def boosted(posts: list[Post], every: int, ratio: float) -> list[Post]:
    own = sorted((p for p in posts if is_post(p)), key=lambda p: (p.created_at, p.post_id))
    chosen = {p.post_id for p in own[::every]}

    def boost(p: Post) -> Post:
        return dataclasses.replace(
            p,
            likes=round(p.likes * ratio),
            reshares=round(p.reshares * ratio),
            replies=round(p.replies * ratio),
            quotes=round(p.quotes * ratio),
        )

    return [boost(p) if p.post_id in chosen and is_post(p) else p for p in posts]


def more_like(channel_id: int, posts: Sequence[Post], sample: Post | None = None) -> WhatIf:
    """One more post a week on the channel, earning the average counts of ``posts`` (and on
    the topics of ``sample``, when given)."""
    n = max(1, len(posts))
    return WhatIf(
        channel_id,
        posts_per_week=1,
        likes=round(sum(p.likes for p in posts) / n),
        reshares=round(sum(p.reshares for p in posts) / n),
        replies=round(sum(p.replies for p in posts) / n),
        quotes=round(sum(p.quotes for p in posts) / n),
        hashtags=sample.hashtags if sample else (),
        excerpt=sample.excerpt if sample else "",
    )
