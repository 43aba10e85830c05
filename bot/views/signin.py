"""What a sign-in says: in the chat (asking, offering, the outcome) and on the callback page."""

from __future__ import annotations

from bot.views.i18n import N_, P_, Html, t, tn

CONNECT = N_("Connect {provider}")
ASK_CONNECT = N_(
    "Tap <b>Connect {provider}</b>, sign in and allow access. Then I show here what I found, "
    "and you pick what to link. The button works once, for 10 minutes."
)
SIGN_IN_INSTEAD = N_("Sign in with {provider} instead")
OFFERED = N_(
    "Signed in with {provider}. Which should I link? Each one becomes a channel of its own, "
    "and is verified as yours."
)
LINK_ALL = N_("Link all")
OFFER_GONE = N_("That choice has expired. Send /link again to sign in anew.")
PROVEN = N_("✓ {channel} is verified as yours: you signed in with {provider}.")
DEVICE = N_(
    "Open {url} and enter the code <code>{code}</code>. I wait for you for {minutes}, then "
    "say here whether it worked."
)
OPEN_PROVIDER = N_("Open {provider}")

REFUSED = {
    "declined": N_("You cancelled the sign-in with {provider}, so nothing was linked."),
    "permissions": N_(
        "{provider} did not give me every permission I need ({detail}). Tap Connect again and "
        "keep every permission ticked; without them I cannot read your accounts."
    ),
    "no_accounts": N_(
        "Your {provider} account manages nothing I could link: no Facebook Page and no "
        "Instagram professional account attached to one."
    ),
    "used": N_("This sign-in was used already. Start a new one in Telegram (/link)."),
    "expired": N_("This sign-in ran out of time (10 minutes). Start a new one in Telegram."),
    "foreign": N_(
        "This sign-in was started in another browser, so I did not accept it. Tap the button "
        "in your own Telegram chat and finish there."
    ),
    "unknown": N_("I do not know this sign-in. Start it from the button in Telegram."),
    "bad_code": N_("{provider} did not accept the sign-in. Please start it again."),
    "provider": N_("{provider} did not finish the sign-in just now. Please try again in a minute."),
    "not_yours": N_(
        "You signed in as {detail}, which is not the account of this channel, so it stays "
        "unverified."
    ),
    "taken": N_(
        "This account is already verified by someone else. An account has one owner: they "
        "have to /unlink it first."
    ),
}

PAGE_DONE = N_("Done. Go back to Telegram: the chat with the bot says what comes next.")
PAGE_BACK = N_("Back to Telegram")
PAGE_TITLE = N_("Resonance")
LINKED_COUNT = P_("Linked {count} channel.", "Linked {count} channels.")


def refused(language: str, reason: str, provider: str, detail: str = "") -> Html:
    return t(language, REFUSED.get(reason, REFUSED["provider"]), provider=provider, detail=detail)


def linked_count(language: str, count: int) -> Html:
    return tn(language, LINKED_COUNT, count)
