"""Formula 3.x: a post's interaction as it is credited (people, not clicks).

What a post received counts against the audience that can give it: its replies and quotes
("words") up to what the followers make plausible, its likes and reshares ("clicks") up to what
the post's own conversation makes plausible (the followers, where posts carry no reply counts),
each a little more beyond; no post carries more of a channel than all its others; where the
platform lists the people, a person's repeats count less than a new person; and (3.4) likes
and reshares from empty accounts count only as far as the post's conversation vouches for
them. Pure;
docs/scoring.md names every constant, and :mod:`scoring.model` pools the credited interaction
into the score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from scoring.channel_data import Engagement, EngagementKind, Post

#: Weighted interaction: a reply is worth more than a like.
INTERACTION_WEIGHTS: Mapping[str, float] = {
    "replies": 4.0,
    "quotes": 3.0,
    "reshares": 2.0,
    "likes": 1.0,
}

#: A post's likes and reshares ("clicks", weighted) count in full up to the more of: this many
#: per credited weighted reply or quote on the post (its conversation carries them) and the
#: floor (four likes: a small account's good post); beyond, at most CLICKS_EXCESS x that more.
#: Where posts carry no reply counts (GitHub, imported archives), this share of the followers
#: instead of the conversation. (3.1 also let 2 % of the followers a post's replies showed
#: count, 300 a weighted reply: bought followers raised it on like-heavy small accounts.)
CLICKS_PER_WORD = 2.5
CLICKS_FLOOR = 4.0
CLICKS_EXCESS = 0.1
CLICKS_PER_FOLLOWER = 0.02
#: A post's replies and quotes ("words", weighted) count in full up to this share of the
#: followers, at least WORDS_FLOOR (two replies); beyond, at most EXCESS_CREDIT x that more.
WORDS_PER_FOLLOWER = 0.05
WORDS_FLOOR = 8.0
EXCESS_CREDIT = 0.5
#: Without a follower count (blogs, Hacker News, ...): each kind's plausible per post.
CLICKS_NO_FOLLOWERS = 10.0
WORDS_NO_FOLLOWERS = 10.0

ONE_POST_SHARE = 1.0  # one post credits at most this x all the channel's other posts together

#: Distinct people: a person's k-th like (or reply) among the channel's posts
#: whose people are known, newest first, counts 1/k²: a tenth person's first counts 1, the
#: same person's second 0.25, tenth 0.01; a pod of the same few accounts on every post adds little
PERSON_REPEAT = 2.0
_CLICKS = (EngagementKind.LIKE, EngagementKind.RESHARE)
#: Formula 3.4: the empty accounts among a channel's listed likers (never posted, nobody
#: follows them) count together as this one person, and a post's unlisted likes count at the
#: share of its listed likers that are not empty; the post's replies and quotes still vouch for
#: its unlisted likes (CLICKS_PER_WORD a credited word), so likes sent to sink a post someone
#: answered take nothing its replies carry. The same for its resharers (empty likers and
#: resharers are the same one person).
EMPTY_CROWD = "\x00empty accounts"
_CROWD = (EMPTY_CROWD, EngagementKind.LIKE)  # the one person empty likers and resharers are


_REPLY_W, _QUOTE_W, _RESHARE_W, _LIKE_W = (
    INTERACTION_WEIGHTS[k] for k in ("replies", "quotes", "reshares", "likes")
)


def weighted_interaction(post: Post) -> float:
    """Interaction received on one post, each kind weighted."""
    return (
        _REPLY_W * post.replies
        + _QUOTE_W * post.quotes
        + _RESHARE_W * post.reshares
        + _LIKE_W * post.likes
    )


def plausible_per_post(followers: int, has_followers: bool) -> tuple[float, float]:
    """(clicks, words): the weighted likes and reshares, and the weighted replies and quotes,
    a post of this audience plausibly earns (the clicks where posts carry no reply counts;
    elsewhere the post's own conversation decides them, see :func:`credit_post`)."""
    if not has_followers:
        return CLICKS_NO_FOLLOWERS, WORDS_NO_FOLLOWERS
    audience = max(0, followers)
    return (
        max(CLICKS_FLOOR, CLICKS_PER_FOLLOWER * audience),
        max(WORDS_FLOOR, WORDS_PER_FOLLOWER * audience),
    )


def credited(raw: float, plausible: float, excess: float = EXCESS_CREDIT) -> float:
    """A post's interaction as credited: in full up to ``plausible``, then ever more slowly,
    to at most ``1 + excess`` times it.

    Continuous, smooth and increasing: more real interaction always credits more, but no
    amount on one post credits more than the audience could plausibly give, plus a bounded
    excess (a genuine viral post still shows; bought likes buy little).
    """
    if raw <= plausible:
        return raw
    room = excess * plausible
    return plausible + room * -math.expm1(-(raw - plausible) / room)


class Credit(NamedTuple):
    """One post's interaction as credited, weighted (a tuple: one is made for every post of
    every score)."""

    words: float  # its replies and quotes, against the audience
    clicks: float  # its likes and reshares, against its conversation
    plausible: float  # what the post could have credited in full

    @property
    def value(self) -> float:
        return self.words + self.clicks

    @property
    def conversation(self) -> float:
        """What engagement measures (formula 3.2): the words, and the clicks up to the floor
        (a post's first four likes), so bought likes move it by four at most."""
        return self.words + min(self.clicks, CLICKS_FLOOR)


def credit_post(
    post: Post,
    counted: AsPeople | None,
    followers: int,
    has_followers: bool,
    has_replies: bool = True,
) -> Credit:
    """One post's credit: its words against the audience; its clicks against 2.5 per credited
    word or four, whichever is more (2 % of the followers instead of the words where posts
    carry no reply counts, ``has_replies`` False).

    Bought likes bring no replies, so they credit little beyond what the post's conversation
    makes plausible, and the follower count makes no like plausible where replies can. Where
    empty accounts are among the listed likers or resharers (formula 3.4), the clicks are the
    more of those counted without them (:attr:`Clicked.not_empty`) and, up to what the words
    vouch for, with the unlisted ones in full (:attr:`Clicked.vouchable`): likes sent to sink
    a post that someone answered take nothing its replies carry.
    Monotone in every count: more words raise the clicks' plausible, and a higher plausible
    never credits less.
    """
    if counted is None:  # weighted_parts, inlined: this runs for every post of every score
        clicks = _LIKE_W * post.likes + _RESHARE_W * post.reshares
        words = _REPLY_W * post.replies + _QUOTE_W * post.quotes
    else:
        clicks, words = weighted_parts(post, counted)
    plausible_clicks, plausible_words = plausible_per_post(followers, has_followers)
    credited_words = credited(words, plausible_words)
    vouched = plausible_clicks
    if has_followers and has_replies:
        vouched = CLICKS_PER_WORD * credited_words
        plausible_clicks = CLICKS_FLOOR
    plausible_clicks = max(plausible_clicks, CLICKS_PER_WORD * credited_words)
    if counted is not None and counted.has_empty:
        like, reshare = INTERACTION_WEIGHTS["likes"], INTERACTION_WEIGHTS["reshares"]
        not_empty = like * counted.likes.not_empty + reshare * counted.reshares.not_empty
        vouchable = like * counted.likes.vouchable + reshare * counted.reshares.vouchable
        clicks = max(not_empty, min(vouchable, vouched))
    return Credit(
        credited_words,
        credited(clicks, plausible_clicks, CLICKS_EXCESS),
        plausible_clicks + plausible_words,
    )


def share_capped(values: Sequence[float], floors: Sequence[float]) -> list[float]:
    """Each (age-weighted) post's credit, at most ONE_POST_SHARE x the others' together, but
    never below its own floor (its weighted plausible: a channel of one post keeps it).

    Increasing one post's interaction never lowers the total: its own cap does not depend on
    it, and the others' caps only rise.
    """
    total = sum(values)
    return [
        min(v, max(floor, ONE_POST_SHARE * (total - v)))
        for v, floor in zip(values, floors, strict=True)
    ]


class Clicked(NamedTuple):
    """A post's likes (or its reshares) counted as people."""

    #: the unknown rest in full, each known person's k-th counting 1/k², never more than the
    #: platform's count
    people: float
    #: formula 3.4: with the listed empty accounts counted as one person and the unlisted rest
    #: at the listed share that is not empty (``people`` where none is empty)
    not_empty: float
    #: ... and with the unlisted rest in full (what the post's replies may vouch for)
    vouchable: float

    @classmethod
    def trusted(cls, count: float) -> Clicked:
        return cls(count, count, count)


class AsPeople(NamedTuple):
    """A post's likes, replies and reshares counted as people: the unknown rest in full, each
    known person's k-th counting 1/k², never more than the platform's count."""

    likes: Clicked
    replies: float
    reshares: Clicked

    @property
    def has_empty(self) -> bool:
        """Whether empty accounts are among the post's listed likers or resharers (3.4)."""
        return self.likes.not_empty < self.likes.people or (
            self.reshares.not_empty < self.reshares.people
        )

    def trusting(self) -> AsPeople:
        """The same counts with every listed account trusted (as formula 3.3 counted them)."""
        return self._replace(
            likes=Clicked.trusted(self.likes.people),
            reshares=Clicked.trusted(self.reshares.people),
        )


@dataclass(frozen=True, slots=True)
class PeopleCount:
    """Known people on a channel's posts, counted as people (formula 3.0)."""

    counted: Mapping[str, AsPeople]  # by post id
    people: int  # distinct people known (empty accounts apart: :attr:`empty`)
    known: int  # likes, replies and reshares by known people
    credit: float  # what those count as people
    empty: int = 0  # formula 3.4: likes and reshares by empty accounts among them


def count_people(posts: Sequence[Post], engagements: Sequence[Engagement]) -> PeopleCount:
    """Count the known likes, replies and reshares on ``posts`` by person.

    Ranks run newest post first, so the newest (and heaviest) of a person's likes counts most.
    More interaction never counts less: a new person adds 1; a known person's new like adds
    its share and moves their older ones down the ranks by less than it adds (the credits are
    decreasing, the posts' weights too).

    Formula 3.4: the listed likers (and resharers) whose accounts are empty also count together
    as one person (:data:`EMPTY_CROWD`), and a post's unlisted likes at the share of its listed
    likers that are not empty (:class:`Clicked`; :func:`credit_post` decides how far it counts).
    """
    order = {p.post_id: (p.created_at, p.post_id) for p in posts}
    known: dict[str, dict[EngagementKind, set[str]]] = {}
    empty: dict[tuple[str, EngagementKind], set[str]] = {}  # by post and kind
    for e in engagements:
        if e.kind is not EngagementKind.ANSWERED and e.post_id in order:
            known.setdefault(e.post_id, {}).setdefault(e.kind, set()).add(e.person_id)
            if e.hollow and e.kind in _CLICKS:
                empty.setdefault((e.post_id, e.kind), set()).add(e.person_id)
    credit: dict[tuple[str, EngagementKind], float] = {}
    on_page: dict[tuple[str, EngagementKind], float] = {}  # listed, the empty ones as one
    ranks: dict[tuple[str, EngagementKind], int] = {}
    people: set[str] = set()  # the people known, empty accounts apart (they are one, below)
    total_known = 0
    people_credit = 0.0
    for post_id in sorted(known, key=lambda pid: order[pid], reverse=True):
        for kind, persons in known[post_id].items():
            hollow = empty.get((post_id, kind), ())
            listed = page = 0.0  # the post's listed credit, and with the empty ones as one
            for person in persons:
                rank = ranks[(person, kind)] = ranks.get((person, kind), 0) + 1
                share = rank**-PERSON_REPEAT
                listed += share
                if person not in hollow:
                    people.add(person)
                    total_known += 1
                    people_credit += share
                    page += share
            if hollow:
                rank = ranks[_CROWD] = ranks.get(_CROWD, 0) + 1  # likes and reshares alike
                page += rank**-PERSON_REPEAT
            credit[(post_id, kind)] = listed
            on_page[(post_id, kind)] = page
    counted: dict[str, AsPeople] = {}
    for post in posts:
        kinds = known.get(post.post_id)
        if not kinds:
            continue
        pid = post.post_id
        like, reply, reshare = EngagementKind.LIKE, EngagementKind.REPLY, EngagementKind.RESHARE
        counted[pid] = AsPeople(
            _clicked(post.likes, len(kinds.get(like, ())), credit.get((pid, like)),
                     len(empty.get((pid, like), ())), on_page.get((pid, like), 0.0)),
            _as_people(post.replies, len(kinds.get(reply, ())), credit.get((pid, reply))),
            _clicked(post.reshares, len(kinds.get(reshare, ())), credit.get((pid, reshare)),
                     len(empty.get((pid, reshare), ())), on_page.get((pid, reshare), 0.0)),
        )  # fmt: skip
    empties = sum(len(persons) for persons in empty.values())
    return PeopleCount(counted, len(people), total_known, people_credit, empties)


def _clicked(count: int, listed: int, credit: float | None, empty: int, on_page: float) -> Clicked:
    """A post's likes (or reshares), ``listed`` of them by people credited ``credit``, of whom
    ``empty`` were empty accounts; ``on_page``: the listed credit with those counted as one."""
    as_people = _as_people(count, listed, credit)
    if not empty:
        return Clicked.trusted(as_people)
    unlisted = max(0, count - listed)
    shown = min(max(0, count), listed)  # a server listing more than it counts adds nothing
    page = max(0.0, min(float(shown), on_page))
    share = (listed - empty) / listed
    return Clicked(
        as_people, min(as_people, unlisted * share + page), min(as_people, unlisted + page)
    )


def _as_people(count: int, known: int, credit: float | None) -> float:
    """A count with its ``known`` people counted as ``credit``: the unknown rest in full, and
    never more than the platform's count (a server that lists more people than it counts,
    80 "likers" on a post with one like, adds nothing)."""
    return min(max(0, count), max(0, count - known) + (credit or 0.0))


def weighted_parts(post: Post, counted: AsPeople | None = None) -> tuple[float, float]:
    """(clicks, words): a post's weighted likes and reshares, and its weighted replies and
    quotes, counted as people where ``counted`` says so."""
    likes, replies, reshares = (
        (float(post.likes), float(post.replies), float(post.reshares))
        if counted is None
        else (counted.likes.people, counted.replies, counted.reshares.people)
    )
    return _LIKE_W * likes + _RESHARE_W * reshares, _REPLY_W * replies + _QUOTE_W * post.quotes
