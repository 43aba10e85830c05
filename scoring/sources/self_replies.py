"""No self-inflation: the author's own replies in their thread are not replies received.

Mastodon's ``replies_count`` and Bluesky's ``replyCount`` count every reply, the author's own
thread continuations included. Sources that see both the post and its continuations subtract
them here (pure). A continuation whose parent is not among the posts read cannot be subtracted;
docs/scoring.md says which platforms cannot tell at all.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from scoring.channel_data import Post


def without_self_replies(posts: Iterable[Post], parents: Counter[str]) -> list[Post]:
    """``posts`` with each one's replies reduced by the author's own replies to it.

    ``parents`` counts, per post id, the author's own replies to that post.
    """
    return [
        dataclasses.replace(post, replies=max(0, post.replies - parents[post.post_id]))
        if parents.get(post.post_id)
        else post
        for post in posts
    ]
