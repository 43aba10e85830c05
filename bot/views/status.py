"""``resonance status`` as plain text for the operator (English, like the logs)."""

from __future__ import annotations

from datetime import timedelta

from bot.use_cases.status import Status
from scoring.sources.registry import display_name


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.0f} s"
    if value < 7200:
        return f"{value / 60:.0f} min"
    return f"{value / 3600:.1f} h"


def _every(interval: timedelta, stretch: float) -> str:
    if stretch == float("inf"):
        return "never (no budget)"
    return _seconds(interval.total_seconds() * stretch)


def status_text(status: Status) -> str:
    stored, lines = status.stored, []
    users = stored.users
    lines.append(f"users: {users['active']} active, {users['inactive']} inactive")
    lines.append(
        "channels: " + ", ".join(f"{count} {name}" for name, count in stored.channels.items())
    )
    lag = status.lag
    lines.append(
        f"refresh lag (interval {_seconds(status.interval.total_seconds())}): "
        f"p50 {_seconds(lag['p50'])}, p95 {_seconds(lag['p95'])}, max {_seconds(lag['max'])}"
    )
    lines.append(
        f"due now: {stored.due} users"
        + (f", the oldest waiting {_seconds(stored.oldest_due)}" if stored.due else "")
    )
    pushes = stored.notifications
    lines.append(
        f"pushes: {pushes['pending']} pending, {pushes['sending']} sending, "
        f"{pushes['unknown']} unknown (in flight at a crash), {pushes['sent']} sent, "
        f"{pushes['dropped']} dropped"
    )
    if status.sign_ins:
        lines.append("sign-ins:")
        lines += [f"  {what}: {state}" for what, state in status.sign_ins]
    budgets = sorted(status.plan.lines.values(), key=lambda b: (b.platform, b.host or ""))
    if budgets:
        lines.append("platform budgets (planned share of the usable budget; read every):")
    for line in budgets:
        where = display_name(line.platform) + (f" {line.host}" if line.host else "")
        stretched = f", stretched x{line.stretch:.1f}" if line.stretch > 1 else ""
        people = (
            f" ({line.people_per_hour:.1f} of them reading who liked and replied)"
            if line.people_per_hour > 0
            else ""
        )
        lines.append(
            f"  {where}: {line.channels} channels, {line.needed_per_hour:.0f} {line.unit}/h "
            f"needed{people} of {line.usable_per_hour:.0f}/h, {line.use:.0%} used; read every "
            f"{_every(status.interval, line.stretch)}{stretched}"
        )
    if stored.errors:
        lines.append("channels not read at their last attempt, by error:")
    for error in stored.errors:
        last = error.last_at.strftime("%Y-%m-%d %H:%M UTC") if error.last_at else "-"
        lines.append(f"  {error.code}: {error.channels} channels, last {last}")
    return "\n".join(lines) + "\n"
