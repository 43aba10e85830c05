"""The wording of every tip, in a few variants each (the numbers come from scoring/tips.py)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime

from bot.views.counts import FOLLOWERS
from bot.views.i18n import N_, Html, gettext, hour, number, points, t, tn
from bot.views.people import replied_line
from bot.views.platforms import channel_name
from scoring.tips import Tip

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

#: What a tip promises, at the two horizons it is computed at (scoring/what_if.py): each the
#: score with it minus the score without it, then ("after", not "within": the later one can
#: be the smaller, as the account's present interaction ages meanwhile).
PROMISE = N_("About +{soon} after a month, +{later} after three months.")
#: How sure a measured effect is, in words.
SURE = {"very": N_("clearly"), "fairly": N_("probably")}
#: "Reply to others' posts", in each platform's own terms.
REPLY = {
    "github": N_("comment on others' issues and pull requests"),
    "stackexchange": N_("answer others' questions"),
    "hackernews": N_("comment on others' stories"),
    "reddit": N_("comment on others' posts"),
}
REPLY_DEFAULT = N_("reply to others' posts")

#: Each kind of tip: the action first, then the evidence; the promise follows.
TEXTS: dict[str, tuple[str, ...]] = {
    "give_more": (
        N_(
            "On <b>{channel}</b>, {reply} {per_week} times a week (in the last 30 days: {replies_30d} in all): giving counts in your score, up to twice when others answer or like it."
        ),
    ),
    "reply_to_replies": (
        N_(
            "On <b>{channel}</b>, answer the people who answer you: about {per_week} replies a week. In 30 days your posts got {received} replies, and you wrote {written} replies."
        ),
    ),
    "new_channel": (
        N_(
            "<b>{channel}</b> is young, with {followers}: before posting more, {reply} {per_week} times a week in your field. Its posts earn {per_post} weighted interactions each so far."
        ),
    ),
    "new_channel_no_followers": (
        N_(
            "<b>{channel}</b> is young: before posting more, {reply} {per_week} times a week in your field. Its posts earn {per_post} weighted interactions each so far."
        ),
    ),
    "answer_person": (N_("On <b>{channel}</b>, answer the people who answer you."),),
    "best_channel": (
        N_(
            "Post once more a week on <b>{channel}</b>: its posts earn {per_post} weighted interactions each, your other channels {others_per_post} (from {posts} posts)."
        ),
    ),
    "one_more_post": (
        N_(
            "Post once more a week on <b>{channel}</b>, where your posts earn most: {per_post} weighted interactions each."
        ),
    ),
    "quiet_channel": (
        N_(
            "<b>{channel}</b> has been quiet for {days} days, long for its rhythm, and its posts earned {per_post} weighted interactions each. Post there once a week again."
        ),
    ),
    "media": (
        N_(
            "On <b>{channel}</b>, posts with a picture or video {sure} earn more: {with_per_post} weighted interactions each ({with_posts} posts), {without_per_post} without ({without_posts}). Add one to every post there."
        ),
    ),
    "media_without": (
        N_(
            "On <b>{channel}</b>, posts without pictures {sure} earn more: {without_per_post} weighted interactions each ({without_posts} posts), {with_per_post} with one ({with_posts}). Keep them plain there."
        ),
    ),
    "questions": (
        N_(
            "On <b>{channel}</b>, posts that ask a question {sure} earn more: {with_per_post} weighted interactions each ({with_posts} posts), {without_per_post} without ({without_posts}). End your posts there with a question."
        ),
    ),
    "questions_without": (
        N_(
            "On <b>{channel}</b>, posts without a question {sure} earn more: {without_per_post} weighted interactions each ({without_posts} posts), {with_per_post} with one ({with_posts}). State, rather than ask, there."
        ),
    ),
    "best_time": (
        N_(
            "On <b>{channel}</b>, posts between {from_time} and {to_time} (your time) {sure} earn more: {per_post} weighted interactions each ({posts} posts), {overall_per_post} on average. Post there at that time."
        ),
    ),
    "focus": (
        N_(
            "On <b>{channel}</b>, your focus posts {sure} earn more ({ratio}× the others): post one more of them a week there."
        ),
    ),
}

NO_TIPS = N_(
    "No tips yet: I need a few more posts to see what works for you. Link more channels with "
    "/link, or come back after the next refresh."
)


def _wording(tip: Tip) -> str:
    """The kind of text a tip needs: a platform without followers, or an effect of leaving
    something out, has a wording of its own."""
    if tip.kind == "new_channel" and "followers" not in tip.numbers:
        return "new_channel_no_followers"
    if tip.kind in ("media", "questions") and tip.numbers.get("better") == "without":
        return f"{tip.kind}_without"
    return tip.kind


def _fits(numbers: Mapping[str, object]) -> bool:
    """Whether a stored tip's numbers can be said: its promise in points, and every other
    value a text or a finite number (a damaged row says nothing rather than "nan")."""

    def plain(value: object) -> bool:
        if isinstance(value, bool | str):
            return True
        return isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e12

    promise = [numbers.get(key) for key in ("soon", "later")]
    if not all(isinstance(p, int | float) and not isinstance(p, bool) and plain(p) and abs(p) <= 100
               for p in promise):  # fmt: skip
        return False
    return all(plain(value) for value in numbers.values())


def tip_text(language: str, tip: Tip, when: datetime) -> Html:
    """The tip in ``language``: the action, its evidence, and its promise at a month and at
    three months. A tip of a kind this version no longer gives, or whose numbers no longer
    fit its wording (kept in an old digest), is shown as nothing.
    """
    variants = TEXTS.get(_wording(tip))
    if variants is None or not _fits(tip.numbers):
        return Html("")
    wording = variants[(when.toordinal() + len(tip.kind)) % len(variants)]
    fields: dict[str, object] = {}
    numbers = tip.numbers
    platform = str(numbers.get("platform", ""))
    for key, value in numbers.items():
        if key == "channel":
            fields[key] = channel_name(language, str(value), platform) if platform else str(value)
        elif key == "sure":
            fields[key] = gettext(language, SURE.get(str(value), SURE["fairly"]))
        elif key in ("from_hour", "to_hour") and isinstance(value, int):
            fields[key.replace("hour", "time")] = hour(language, value)
        elif key == "followers" and isinstance(value, int):
            fields[key] = tn(language, FOLLOWERS, value)
        elif key in ("soon", "later") and isinstance(value, int | float):
            fields[key] = points(language, float(value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            fields[key] = number(language, value)  # 2,143 and 2.143, never 2143
        else:
            fields[key] = value
    fields["reply"] = gettext(language, REPLY.get(platform, REPLY_DEFAULT))
    try:
        text = t(language, wording, **fields)
    except KeyError:  # kept in an old digest with numbers this wording no longer has
        return Html("")
    person, replied, answered = (numbers.get(k) for k in ("person", "replied", "answered"))
    if isinstance(person, str) and isinstance(replied, int) and isinstance(answered, int):
        text = Html(f"{text} {replied_line(language, platform, person, replied, answered)}")
    return Html(f"{text} {t(language, PROMISE, soon=fields['soon'], later=fields['later'])}")
