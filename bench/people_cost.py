"""People cost: the extra requests a refresh spends reading who liked and replied (issue 28).

    .venv/bin/python -m bench.people_cost [--accounts 2000] [--interval 6h] [--days 60]

Mastodon and Bluesky read the people of a channel's recent posts whose likes and replies grew
since their people were last read (``scoring/sources/people.py``: at most three posts a
refresh, a request for the replies and one for the likes). How often that happens depends on
how interaction arrives, so this simulates it with the real selection code: accounts of 50 to
50,000 followers (log-uniform) posting 0.5 to 14 times a week, each post earning likes from
1-6 % of the followers and a reply per five likes, arriving over hours (most within a day:
exponential, mean 8 hours), every account refreshed once an ``interval``. Each rule is run on
the same accounts side by side: re-read on any growth (the rule before), or once the counts
grew by a quarter (now). Reported: requests a refresh on average, and the worst refresh; and
with formula 3.4's reads (a tenth of the likes as reshares), which ask, where a post's likes and
reshares outrun what its replies vouch for (``people.clicks_outrun_replies``), who reshared it
(one request) and, on Bluesky, the likers' and resharers' counts (``getProfiles``, a request
per 25 listed; a page lists at most 100 of each).
"""

from __future__ import annotations

import argparse
import math
import random
from datetime import UTC, datetime, timedelta

from scoring.channel_data import Engagement, Post, PostKind
from scoring.sources import bluesky as bsky
from scoring.sources import people

START = datetime(2026, 1, 1, tzinfo=UTC)
ARRIVAL_HOURS = 8.0


def simulate(
    accounts: int, interval: timedelta, days: int, seed: int, growth: float, settle: timedelta
) -> dict[str, float]:
    rng = random.Random(seed)  # noqa: S311 (a simulation's draw)
    plans = []
    for a in range(accounts):
        followers = round(10 ** rng.uniform(math.log10(50), math.log10(50_000)))
        per_week = rng.uniform(0.5, 14)
        rate = rng.uniform(0.01, 0.06)
        moments, t = [], START
        while t < START + timedelta(days=days):
            t += timedelta(days=rng.expovariate(per_week / 7))
            final = max(0, round(rng.lognormvariate(math.log(followers * rate), 0.6)))
            moments.append((f"{a}-{len(moments)}", t, final, final // 5, final // 10))
        plans.append(moments)
    requests, reads, worst = 0, 0, 0
    mastodon, bluesky, mastodon_worst, bluesky_worst = 0, 0, 0, 0
    steady_from = START + timedelta(days=days / 2)
    for moments in plans:
        state: dict[str, str] = {}
        now = START + interval * rng.random()  # each account at its own phase
        while now < START + timedelta(days=days):
            posts = []
            for post_id, made, likes, replies, reshares in moments:
                if made > now:
                    break
                share = 1 - math.exp(-(now - made).total_seconds() / 3600 / ARRIVAL_HOURS)
                posts.append(
                    Post(post_id, made, PostKind.OWN, likes=round(likes * share),
                         replies=round(replies * share), reshares=round(reshares * share))
                )  # fmt: skip
            spent = resharers = counts = 0

            def read(post: Post) -> list[Engagement]:
                nonlocal spent, resharers, counts
                spent += (post.likes > 0) + (post.replies > 0)
                if people.clicks_outrun_replies(post):
                    resharers += post.reshares > 0
                    listed = min(post.likes, bsky.LIKERS_PAGE) + min(
                        post.reshares, bsky.LIKERS_PAGE
                    )
                    counts += math.ceil(listed / bsky.PROFILES_PAGE)
                return []

            people.read_people(people.posts_to_read(posts, state, now, growth, settle), state, read)
            if now >= steady_from:
                requests += spent
                reads += 1
                worst = max(worst, spent)
                mastodon += spent + resharers
                mastodon_worst = max(mastodon_worst, spent + resharers)
                bluesky += spent + resharers + counts
                bluesky_worst = max(bluesky_worst, spent + resharers + counts)
            now += interval
    return {
        "per_refresh": requests / max(1, reads),
        "worst": worst,
        "refreshes": reads,
        "mastodon": mastodon / max(1, reads),
        "mastodon_worst": mastodon_worst,
        "bluesky": bluesky / max(1, reads),
        "bluesky_worst": bluesky_worst,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--interval", default="6h", help="6h, 36m, 90s")
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    unit = {"h": 3600, "m": 60, "s": 1}[args.interval[-1]]
    interval = timedelta(seconds=float(args.interval[:-1]) * unit)
    rules = (
        ("any growth, at once (before)", 0.0, timedelta(0)),
        ("grew by a quarter, at once", 0.25, timedelta(0)),
        ("any growth, from 12 hours old", 0.0, timedelta(hours=12)),
        ("grew by a quarter, from 12 hours old (now)", 0.25, timedelta(hours=12)),
        ("grew by half, from 12 hours old", 0.5, timedelta(hours=12)),
    )
    rows = [
        (name, simulate(args.accounts, interval, args.days, 7, growth, settle))
        for name, growth, settle in rules
    ]
    print(f"{args.accounts} accounts, refreshed every {args.interval}, the last "
          f"{args.days // 2} of {args.days} days counted")  # fmt: skip
    print("| rule | people requests a refresh | worst refresh | with 3.4: Mastodon (worst) "
          "| with 3.4: Bluesky (worst) | refreshes |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['per_refresh']:.2f} | {r['worst']:.0f} "
              f"| {r['mastodon']:.2f} ({r['mastodon_worst']:.0f}) "
              f"| {r['bluesky']:.2f} ({r['bluesky_worst']:.0f}) | {r['refreshes']:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
