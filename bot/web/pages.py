"""The few HTML pages a browser sees: one sentence, and the way back to Telegram."""

from __future__ import annotations

from html import escape

from bot.views.i18n import Html, gettext, language_for
from bot.views.signin import PAGE_BACK, PAGE_TITLE

#: Headers of every page: nothing cached, no referrer (the callback URL holds a code), no
#: script, nothing framed.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; form-action 'none'",
}

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
body {{ font: 17px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1.25rem;
  color: #1d1d1f; background: #fafafa; }}
main {{ max-width: 32rem; margin: 0 auto; }}
a.back {{ display: inline-block; margin-top: 1.5rem; padding: .7rem 1.2rem;
  border-radius: .6rem; background: #2481cc; color: #fff; text-decoration: none; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #eee; background: #17212b; }} }}
</style></head>
<body><main><h1>{title}</h1><p id="message">{message}</p>
<a class="back" href="{back}">{back_label}</a></main></body></html>
"""


def page(language: str, message: Html, bot_username: str) -> str:
    """A page saying ``message`` (already escaped HTML), with a link back to the bot."""
    back = f"tg://resolve?domain={escape(bot_username, quote=True)}"
    return _PAGE.format(
        lang=language,
        title=escape(gettext(language, PAGE_TITLE)),
        message=message,
        back=back,
        back_label=escape(gettext(language, PAGE_BACK)),
    )


def browser_language(accept_language: str) -> str:
    """The first supported language the browser asks for (English otherwise)."""
    for part in accept_language.split(","):
        code = part.split(";")[0].strip()
        if code:
            chosen = language_for(code)
            if chosen != "en" or code.lower().startswith("en"):
                return chosen
    return language_for(None)
