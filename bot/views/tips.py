"""The wording of every tip, in a few variants each (the numbers come from scoring/tips.py)."""

from __future__ import annotations

from datetime import datetime

from bot.views.i18n import N_, Html, gettext, number, points, t
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

#: A weekday as "every such day": "Wednesdays", "mittwochs".
EVERY_WEEKDAY = (
    N_("Mondays"),
    N_("Tuesdays"),
    N_("Wednesdays"),
    N_("Thursdays"),
    N_("Fridays"),
    N_("Saturdays"),
    N_("Sundays"),
)

#: Each kind of tip in a few wordings, so a tip seen again does not read the same.
TEXTS: dict[str, tuple[str, ...]] = {
    "best_channel": (
        N_(
            "<b>{channel}</b> earns {per_post} weighted interactions per post, {ratio}× your other channels ({others_per_post}). One more post a week there is worth about {impact} points."
        ),
        N_(
            "Your posts on <b>{channel}</b> get {ratio} times the response of your other channels ({per_post} against {others_per_post} per post). Post there once more a week: about +{impact}."
        ),
    ),
    "give_more": (
        N_(
            "Give and take: in 30 days you replied to or shared others' posts {gives_30d} times, against {posts_30d} posts of your own. {suggested_per_week} replies or shares a week would add about {impact} points."
        ),
        N_(
            "Interaction is a two-way street. {gives_30d} replies and shares of others in 30 days is little; try {suggested_per_week} a week (about +{impact} points)."
        ),
    ),
    "best_time": (
        N_(
            "Your audience answers most on <b>{weekday} between {from_hour}:00 and {to_hour}:00</b> (your time): {per_post} per post there, {overall_per_post} on average ({posts} posts). Posting more then is worth about {impact} points."
        ),
        N_(
            "Timing: posts on {weekday}, {from_hour}:00–{to_hour}:00 your time, earned {per_post} per post against {overall_per_post} overall. Move a few posts there (about +{impact})."
        ),
    ),
    "quiet_channel": (
        N_(
            "<b>{channel}</b> has been quiet for {days} days, though its posts earned {per_post} each. A post a week there would add about {impact} points."
        ),
        N_(
            "Nothing new on <b>{channel}</b> for {days} days. Its audience used to answer ({per_post} per post); wake it up for about +{impact}."
        ),
    ),
    "media": (
        N_(
            "Posts {better} pictures or video earn more: {with_per_post} per post with ({with_posts} posts), {without_per_post} without ({without_posts}). Worth about {impact} points."
        ),
        N_(
            "Media makes a difference for you: {with_per_post} per post with, {without_per_post} without. Lean on the better kind (about +{impact})."
        ),
    ),
    "questions": (
        N_(
            "Posts {better} a question earn more: {with_per_post} per post with a question ({with_posts} posts), {without_per_post} without ({without_posts}). Worth about {impact} points."
        ),
        N_(
            "Questions and your audience: {with_per_post} per post when you ask, {without_per_post} when you don't. Use what works (about +{impact})."
        ),
    ),
    "reply_to_replies": (
        N_(
            "People replied to your posts {received} times in 30 days; you wrote {written} replies. Answering them keeps conversations going: about {impact} points."
        ),
        N_(
            "Others replied to your posts {received} times in 30 days, and you answered {written} times. Reply to the people who reply to you (about +{impact})."
        ),
    ),
    "new_channel": (
        N_(
            "<b>{channel}</b> is new or small ({followers} followers, {per_post} per post). Network first: reply to {suggested_per_week} people's posts in your field each week (about +{impact})."
        ),
        N_(
            "A young channel grows by taking part: on <b>{channel}</b> ({followers} followers), comment on others' work before expecting answers (about +{impact})."
        ),
    ),
    "new_channel_no_followers": (
        N_(
            "<b>{channel}</b> is young ({per_post} per post so far). Take part where your readers are: answer {suggested_per_week} posts in your field a week (about +{impact})."
        ),
    ),
    "focus": (
        N_(
            "On <b>{channel}</b> your focus posts earn {ratio}× what your other posts earn. One more focus post a week there is worth about {impact} points."
        ),
    ),
    "focus_compared": (
        N_(
            "On <b>{channel}</b> your focus posts earn {ratio}× what your other posts earn; on <b>{other_channel}</b> {other_ratio}×. One more focus post a week on {channel} is worth about {impact} points."
        ),
    ),
}

NO_TIPS = N_(
    "No tips yet: I need a few more posts to see what works for you. Link more channels with "
    "/link, or come back after the next refresh."
)


def _wording(tip: Tip) -> str:
    """The kind of text a tip needs: a platform without followers, or a focus comparison with
    a second channel, has wordings of its own."""
    if tip.kind == "new_channel" and "followers" not in tip.numbers:
        return "new_channel_no_followers"
    if tip.kind == "focus" and "other_channel" in tip.numbers:
        return "focus_compared"
    return tip.kind


def tip_text(language: str, tip: Tip, when: datetime) -> Html:
    """The tip in ``language``, in a wording that changes from day to day.

    Channels are named with their platform ("Alice Schmidt on Bluesky"). A tip of a kind this
    version no longer gives, or whose numbers no longer fit its wording (kept in an old
    digest), is shown as nothing.
    """
    variants = TEXTS.get(_wording(tip))
    if variants is None:
        return Html("")
    wording = variants[(when.toordinal() + len(tip.kind)) % len(variants)]
    fields: dict[str, object] = {}
    numbers = tip.numbers
    for key, value in numbers.items():
        if key in ("channel", "other_channel"):
            platform = numbers.get("platform" if key == "channel" else "other_platform", "")
            fields[key] = (
                channel_name(language, str(value), str(platform)) if platform else str(value)
            )
        elif key == "weekday" and isinstance(value, int):
            fields[key] = gettext(language, EVERY_WEEKDAY[value])
        elif key == "better":
            fields[key] = gettext(language, N_("with") if value == "with" else N_("without"))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            fields[key] = number(language, value)  # 2,143 and 2.143, never 2143
        else:
            fields[key] = value
    fields["impact"] = points(language, tip.impact)
    try:
        return t(language, wording, **fields)
    except KeyError:  # kept in an old digest with numbers this wording no longer has
        return Html("")
