"""The texts of a self-reported week: what it came to, or why it was refused."""

from __future__ import annotations

from bot.use_cases.reporting import NoSuchChannel, Refused, Reported
from bot.views import counts
from bot.views.i18n import N_, Html, Plural, gettext, number, points, t, tn
from scoring.channel_data import short_name
from scoring.sources import registry

NO_SUCH = N_(
    "You have no self-reported channel named {name}. Yours: {names}. Add it with "
    "<code>/link manual {name}</code>."
)
DONE = N_(
    "Recorded for <b>{name}</b>, the last 7 days: {followers}, {posts}, {reactions}, "
    "{comments}. Your score: <b>{score}</b>."
)
REACTIONS = Plural(*registry.REACTIONS)  # the words self-reported channels' posts count in
COMMENTS = counts.COMMENTS
#: The report's own names for its numbers, in the user's language (a refused jump names one).
FIELDS = {
    "followers": N_("followers"),
    "posts": N_("posts"),
    "reactions": N_("reactions"),
    "comments": N_("comments"),
    "shares": N_("shares"),
}
REFUSED = {
    "missing_numbers": N_(
        "Each word needs its number after it: followers, posts, reactions, comments, shares."
    ),
    "unknown_word": N_(
        "I do not know “{word}”. Use followers, posts, reactions, comments and shares."
    ),
    "negative": N_("{word} cannot be negative."),
    "not_a_number": N_("“{value}” after {word} is not a whole number."),
    "too_large": N_("{value} {word} in a week is more than I can believe; please check it."),
    "too_many": N_("{value} {word} is more than I can believe; please check it."),
    "needs_posts": N_("Reactions, comments and shares need at least one post in the week."),
    "jump": N_(
        "{word} went from {before} to {after} since your last report: a jump of 100 times or "
        "more is far more often a typo. Please check the number."
    ),
}


def result_text(language: str, result: Reported | NoSuchChannel | Refused) -> Html:
    """What a report came to, or why it was refused, in the user's language."""
    match result:
        case Refused(code, fields):
            word = fields.get("word")
            if isinstance(word, str) and word in FIELDS:  # our name for it, not the user's
                fields = {**fields, "word": gettext(language, FIELDS[word])}
            shown = {k: number(language, v) if isinstance(v, int) else v for k, v in fields.items()}
            return t(language, REFUSED[code], **shown)
        case NoSuchChannel(name, names):
            return t(language, NO_SUCH, name=name, names=", ".join(names) or "–")
        case Reported(channel, numbers, score):
            return t(
                language,
                DONE,
                name=short_name(channel.handle),
                followers=tn(language, counts.FOLLOWERS, numbers.followers or 0),
                posts=tn(language, counts.POSTS, numbers.posts),
                reactions=tn(language, REACTIONS, numbers.reactions),
                comments=tn(language, COMMENTS, numbers.comments),
                score=points(language, score.value),
            )
    raise AssertionError(f"unexpected report result {result!r}")
