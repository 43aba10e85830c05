"""What /channels and the dashboard say of a channel's audience: a follower jump of the week,
and that the posts from before it are still judged against the followers they had (formula
3.3, scoring/audience.py)."""

from __future__ import annotations

from bot.views.i18n import N_, Html, number, t

JUMPED = N_("followers {before} → {now} this week: posts from before still count against {before}")


def jump_text(language: str, jump: tuple[int, int] | None) -> Html | None:
    """The jump (followers a week ago, now) in words; None where there was none."""
    if jump is None:
        return None
    before, now = (number(language, count, 0) for count in jump)
    return t(language, JUMPED, before=before, now=now)
