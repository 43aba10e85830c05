"""Strategies: what each way of gaming the score buys on varied accounts (issue 28).

    .venv/bin/python -m bench.strategies [--accounts 1000] [--seed 7]

The generated tests in ``tests/test_people_not_clicks.py`` state each ceiling over steady
accounts (every post alike). Real accounts are not steady, and a held-out probe need not be:
this draws accounts whose posts vary (each post's likes from a Poisson draw around the
account's rate, times a log-normal "how well it landed"; replies a share of them plus a few of
their own; reshares a tenth of the likes; replies to others sometimes liked), over wider
ranges than the tests: 50 to 100,000 followers (log-uniform), 0.5 to 14 posts a week, 0.1 to
6 % of the followers liking each post, and from one reply per twenty likes to two replies per
like. On each account it applies every strategy of the issue and reports, per strategy, how
often the gain passes the issue's ceiling, the worst gain and the account it came from.
Bought followers are applied twice: to the model's inputs as a probe sees them (no follower
history), and, from formula 3.3, with the counts the bot stores (one before the oldest post,
the bought count after the newest). Bought likes are applied twice too: as counts, and, from
formula 3.4, with the likers listed as Mastodon lists them (a page of the newest 80: the bought
ones, from empty accounts, then the account's own likers), against the account with its own
likers listed.

The model is whatever ``scoring`` is importable: run it from another checkout (or with
``PYTHONPATH``) to compare formulas side by side on the same accounts.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from scoring.channel_data import Engagement, EngagementKind, Post, PostKind
from scoring.model import FORMULA_VERSION, ChannelInput, compute_score

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
#: formula 3.3 reads the follower counts stored over time (earlier checkouts have none)
HISTORY = "follower_history" in {f.name for f in dataclasses.fields(ChannelInput)}
#: formula 3.4 marks likers whose accounts are empty (earlier checkouts cannot)
EMPTY = "hollow" in {f.name for f in dataclasses.fields(Engagement)}
PAGE = 80  # Mastodon's page of likers

#: strategy -> (the issue's ceiling, the smallest audience it is claimed from)
CEILINGS: dict[str, tuple[float, int]] = {
    "bought likes on every post": (8.0, 0),
    "bought likes on every post, the likers listed (3.4)": (8.0, 0),
    "bought reshares on every post": (8.0, 0),
    "bought reshares on every post, the resharers listed (3.4)": (8.0, 0),
    "one bought viral post": (10.0, 0),
    "reply spam nobody answers": (4.0, 0),
    "the same account linked twice": (0.5, 0),
    "bought followers": (0.5, 100),
    "bought followers, after the posts (3.3's history)": (0.5, 100),
    "a pod, its people listed": (6.0, 1_000),
    "a pod, nobody listed": (6.0, 3_000),
}


@dataclasses.dataclass(frozen=True)
class Account:
    followers: int
    per_week: float
    like_rate: float
    replies_per_like: float
    giving: float

    def describe(self) -> str:
        return (
            f"{self.followers:,} followers, {self.per_week:.1f} posts a week, "
            f"{100 * self.like_rate:.2f} % liking, {self.replies_per_like:g} replies a like, "
            f"{self.giving:.1f} replies to others a week"
        )


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def draw_account(rng: random.Random) -> Account:
    return Account(
        followers=round(10 ** rng.uniform(math.log10(50), 5)),
        per_week=rng.uniform(0.5, 14),
        like_rate=10 ** rng.uniform(-3, math.log10(0.06)),
        replies_per_like=rng.choice([0.05, 0.2, 0.5, 1.0, 2.0]),
        giving=rng.uniform(0, 10),
    )


def channel(rng: random.Random, account: Account) -> ChannelInput:
    posts = []
    for i in range(max(1, round(account.per_week * 90 / 7))):
        landed = rng.lognormvariate(0, 0.8)
        likes = _poisson(rng, account.followers * account.like_rate * landed)
        posts.append(
            Post(
                f"p{i}",
                NOW - timedelta(days=rng.uniform(0, 90)),
                PostKind.OWN,
                likes=likes,
                replies=_poisson(rng, likes * account.replies_per_like + 0.2 * landed),
                reshares=_poisson(rng, likes * 0.1),
                url=f"https://social.example/@a/{i}",
            )
        )
    for j in range(round(account.giving * 90 / 7)):
        moment = NOW - timedelta(days=rng.uniform(0, 90))
        posts.append(Post(f"g{j}", moment, PostKind.REPLY, likes=_poisson(rng, 0.5)))
    return ChannelInput(1, "mastodon", "a", 1, account.followers, posts)


def _own(base: ChannelInput, change: Callable[[Post], Post]) -> ChannelInput:
    posts = [change(p) if p.kind is PostKind.OWN else p for p in base.posts]
    return dataclasses.replace(base, posts=posts)


def listed(base: ChannelInput, bought: int = 0, field: str = "likes") -> ChannelInput:
    """``base`` with ``bought`` more likes (or reshares) on each own post, and its likers (and
    resharers) listed as a page of the newest :data:`PAGE` each: the bought ones (empty
    accounts), then the post's own."""
    posts, people = [], []
    for post in base.posts:
        if post.kind is not PostKind.OWN:
            posts.append(post)
            continue
        posts.append(dataclasses.replace(post, **{field: getattr(post, field) + bought}))
        for kind, count, extra in (
            (EngagementKind.LIKE, post.likes, field == "likes"),
            (EngagementKind.RESHARE, post.reshares, field == "reshares"),
        ):
            page = [(f"farm-{post.post_id}-{i}", True) for i in range(min(bought * extra, PAGE))]
            page += [
                (f"fan-{post.post_id}-{i}", False) for i in range(min(count, PAGE - len(page)))
            ]
            people += [
                Engagement(
                    post.post_id,
                    person,
                    kind,
                    person,
                    post.created_at,
                    **({"hollow": True} if empty and EMPTY else {}),
                )
                for person, empty in page
            ]
    return dataclasses.replace(base, posts=posts, engagements=people)  # fmt: skip


def strategies(rng: random.Random, base: ChannelInput) -> dict[str, list[ChannelInput]]:
    """Each strategy applied to ``base``: the channels the user then has."""
    bought = rng.choice([10, 1_000, 1_000_000])
    target = rng.choice([p for p in base.posts if p.kind is PostKind.OWN])
    spam = [
        Post(f"s{i}", NOW - timedelta(days=rng.uniform(0, 90)), PostKind.REPLY)
        for i in range(rng.choice([100, 1_000, 5_000]))
    ]
    twin = dataclasses.replace(
        base,
        channel_id=2,
        posts=[dataclasses.replace(p, post_id=f"atom-{p.post_id}") if p.url else p
               for p in base.posts],
    )  # fmt: skip
    members = rng.randint(3, 15)
    pod = _own(base, lambda p: dataclasses.replace(p, likes=p.likes + members,
                                                   replies=p.replies + members))  # fmt: skip
    people = [
        Engagement(p.post_id, f"pod{i}", kind, f"@pod{i}", p.created_at)
        for p in base.posts
        if p.kind is PostKind.OWN
        for i in range(members)
        for kind in (EngagementKind.LIKE, EngagementKind.REPLY)
    ]
    followers = base.followers + rng.choice([100, 1_000, 100_000])
    bought_followers = [dataclasses.replace(base, followers=followers)]
    if HISTORY:  # the counts the bot stores: one before the oldest post, one after the newest
        oldest = min(p.created_at for p in base.posts) - timedelta(days=1)
        bought_followers.append(
            dataclasses.replace(base, followers=followers,
                                follower_history=[(oldest, base.followers), (NOW, followers)])
        )  # fmt: skip
    return {
        "bought likes on every post": [
            _own(base, lambda p: dataclasses.replace(p, likes=p.likes + bought))
        ],
        "bought likes on every post, the likers listed (3.4)": [listed(base, bought)]
        if EMPTY
        else [],
        "bought reshares on every post": [
            _own(base, lambda p: dataclasses.replace(p, reshares=p.reshares + bought))
        ],
        "bought reshares on every post, the resharers listed (3.4)": [
            listed(base, bought, "reshares")
        ]
        if EMPTY
        else [],
        "one bought viral post": [
            _own(
                base, lambda p: dataclasses.replace(p, likes=p.likes + 50_000) if p is target else p
            )
        ],
        "reply spam nobody answers": [dataclasses.replace(base, posts=[*base.posts, *spam])],
        "the same account linked twice": [base, twin],
        "bought followers": bought_followers[:1],
        "bought followers, after the posts (3.3's history)": bought_followers[1:],
        "a pod, its people listed": [dataclasses.replace(pod, engagements=people)],
        "a pod, nobody listed": [pod],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (a simulation's draw)
    over: dict[str, int] = dict.fromkeys(CEILINGS, 0)
    tried: dict[str, int] = dict.fromkeys(CEILINGS, 0)
    worst: dict[str, tuple[float, Account | None]] = dict.fromkeys(CEILINGS, (-100.0, None))
    for _ in range(args.accounts):
        account = draw_account(rng)
        base = channel(rng, account)
        before = compute_score([base], NOW).value
        with_likers = compute_score([listed(base)], NOW).value if EMPTY else before
        for name, channels in strategies(rng, base).items():
            ceiling, audience = CEILINGS[name]
            if account.followers < audience or not channels:
                continue
            start = with_likers if "listed (3.4)" in name else before
            gained = compute_score(channels, NOW).value - start
            tried[name] += 1
            over[name] += gained > ceiling + 1e-9
            if gained > worst[name][0]:
                worst[name] = (gained, account)
    print(f"formula {FORMULA_VERSION}, {args.accounts} accounts, seed {args.seed}")
    print("| strategy | ceiling | over it | worst | on |")
    print("|---|---|---|---|---|")
    for name, (ceiling, audience) in CEILINGS.items():
        gained, found = worst[name]
        share = f"{100 * over[name] / tried[name]:.1f} %" if tried[name] else "-"
        where = found.describe() if found else "-"
        since = f" (from {audience:,})" if audience else ""
        print(f"| {name} | {ceiling:g}{since} | {share} | {gained:+.1f} | {where} |")


if __name__ == "__main__":
    main()
