"""German. Keys are the English messages exactly as in the code; values keep every {field} and tag."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    # -- command menu ------------------------------------------------------------------------
    "Welcome and first steps": "Willkommen und erste Schritte",
    "What the bot does and how to use it": "Was der Bot kann und wie man ihn nutzt",
    "Link a channel: /link PLATFORM HANDLE-OR-URL": "Kanal verknüpfen: /link PLATTFORM NAME-ODER-URL",
    "Your linked channels and their status": "Deine verknüpften Kanäle und ihr Status",
    "Remove a channel": "Einen Kanal entfernen",
    "How much a channel counts: /weight CHANNEL 0..3": "Wie stark ein Kanal zählt: /weight KANAL 0..3",
    "Your score, its trend and each channel's share": "Dein Score, sein Trend und der Anteil jedes Kanals",
    "The ledger behind your score": "Die Rechnung hinter deinem Score",
    "Personal tips, with the numbers behind them": "Persönliche Tipps, mit den Zahlen dahinter",
    "Your best posts of the last 7 and 30 days": "Deine besten Beiträge der letzten 7 und 30 Tage",
    "A chart of your score over time": "Ein Diagramm deines Scores im Zeitverlauf",
    "Recompute your score now": "Score jetzt neu berechnen",
    "Digest day and hour, timezone, alerts, language": "Wochenbericht, Zeitzone, Hinweise, Sprache",
    "All your data as JSON and CSV": "Alle deine Daten als JSON und CSV",
    "Delete everything about you": "Alles über dich löschen",
    "In a group: members who opted in, ranked": "In einer Gruppe: Mitglieder, die zugestimmt haben, als Rangliste",
    # -- /start, /help -----------------------------------------------------------------------
    (
        "Hello {name}! I am Resonance. I tell you how much your social-media work resonates: "
        "a transparent score from 1 to 100, built from the interaction your posts receive "
        "and give, on every channel you link.\n\n"
        "Link a first channel, for example:\n"
        "<code>/link mastodon @you@mastodon.social</code>\n"
        "<code>/link https://example.com/blog/feed</code>\n\n"
        "/help lists everything I can do."
    ): (
        "Hallo {name}! Ich bin Resonance. Ich sage dir, wie viel Resonanz deine Arbeit in "
        "sozialen Medien findet: ein nachvollziehbarer Score von 1 bis 100, berechnet aus der "
        "Interaktion, die deine Beiträge bekommen und geben, auf jedem Kanal, den du verknüpfst.\n\n"
        "Verknüpfe einen ersten Kanal, zum Beispiel:\n"
        "<code>/link mastodon @du@mastodon.social</code>\n"
        "<code>/link https://example.com/blog/feed</code>\n\n"
        "/help zeigt alles, was ich kann."
    ),
    "Welcome back, {name}! Your channels and settings are as you left them. /help": (
        "Willkommen zurück, {name}! Deine Kanäle und Einstellungen sind, wie du sie "
        "verlassen hast. /help"
    ),
    (
        "<b>Resonance</b> scores how much your posts resonate, from 1 to 100, with an open formula.\n\n"
        "<b>Channels</b>\n"
        "/link PLATFORM HANDLE-OR-URL: link a channel (or /link URL)\n"
        "/channels: your channels and their status\n"
        "/unlink: remove a channel\n"
        "/weight CHANNEL 0..3: how much a channel counts\n\n"
        "<b>Your score</b>\n"
        "/score: the score, its trend and each channel's share\n"
        "/why: the ledger behind it\n"
        "/tips: what to do next, with numbers\n"
        "/top: your best posts\n"
        "/history: a chart over time\n"
        "/refresh: recompute now\n\n"
        "<b>You and your data</b>\n"
        "/settings: digest, timezone, alerts, language\n"
        "/export: all your data\n"
        "/forget: delete everything about you\n\n"
        "Platforms: mastodon, bluesky, github, blog, hackernews, stackexchange, reddit, youtube, "
        "facebook, instagram."
    ): (
        "<b>Resonance</b> misst mit einer offenen Formel von 1 bis 100, wie viel Resonanz deine "
        "Beiträge finden.\n\n"
        "<b>Kanäle</b>\n"
        "/link PLATTFORM NAME-ODER-URL: einen Kanal verknüpfen (oder /link URL)\n"
        "/channels: deine Kanäle und ihr Status\n"
        "/unlink: einen Kanal entfernen\n"
        "/weight KANAL 0..3: wie stark ein Kanal zählt\n\n"
        "<b>Dein Score</b>\n"
        "/score: der Score, sein Trend und der Anteil jedes Kanals\n"
        "/why: die Rechnung dahinter\n"
        "/tips: was du als Nächstes tun kannst, mit Zahlen\n"
        "/top: deine besten Beiträge\n"
        "/history: ein Diagramm im Zeitverlauf\n"
        "/refresh: jetzt neu berechnen\n\n"
        "<b>Du und deine Daten</b>\n"
        "/settings: Wochenbericht, Zeitzone, Hinweise, Sprache\n"
        "/export: alle deine Daten\n"
        "/forget: alles über dich löschen\n\n"
        "Plattformen: mastodon, bluesky, github, blog, hackernews, stackexchange, reddit, youtube, "
        "facebook, instagram."
    ),
    "Please start me in a private chat.": "Bitte starte mich in einem privaten Chat.",
    "Sorry, something went wrong on my side. It has been logged; please try again later.": (
        "Entschuldigung, bei mir ist etwas schiefgegangen. Es wurde protokolliert; bitte "
        "versuche es später noch einmal."
    ),
    # -- linking and channels ----------------------------------------------------------------
    "<b>Your channels</b>": "<b>Deine Kanäle</b>",
    "Cancel": "Abbrechen",
    "Found {name}. Reading recent posts…": "{name} gefunden. Ich lese die neuesten Beiträge…",
    "I could not find {query} on {platform}. Is it spelled right?": "Ich konnte {query} auf {platform} nicht finden. Ist es richtig geschrieben?",
    "I did not understand that. /help lists what I can do.": "Das habe ich nicht verstanden. /help zeigt, was ich kann.",
    "I do not know that command yet. /help lists what I can do.": "Diesen Befehl kenne ich noch nicht. /help zeigt, was ich kann.",
    "I only read public http(s) addresses, and that one points somewhere private or local.": "Ich lese nur öffentliche http(s)-Adressen, und diese zeigt auf ein privates oder lokales Ziel.",
    "Linked {platform} <b>{name}</b>, but it could not be read just now: {reason} I will try again at the next refresh.": "{platform} <b>{name}</b> ist verknüpft, konnte aber gerade nicht gelesen werden: {reason} Ich versuche es bei der nächsten Aktualisierung wieder.",
    "Linked {platform} <b>{name}</b>: {followers} followers, {posts} posts of the last 90 days read ({own} own, {giving} replies and reshares of others). /channels shows all your channels.": "{platform} <b>{name}</b> ist verknüpft: {followers} Follower, {posts} Beiträge der letzten 90 Tage gelesen ({own} eigene, {giving} Antworten und geteilte Beiträge anderer). /channels zeigt alle deine Kanäle.",
    "Looking up {query} on {platform}…": "Ich suche {query} auf {platform}…",
    "Nothing was removed.": "Es wurde nichts entfernt.",
    "Please send me this command in a private chat.": "Bitte schick mir diesen Befehl in einem privaten Chat.",
    "Reading {platform} is not available on this Resonance yet. You can link Mastodon, Bluesky, GitHub and blogs today.": "{platform} kann diese Resonance-Installation noch nicht lesen. Mastodon, Bluesky, GitHub und Blogs kannst du schon heute verknüpfen.",
    "Remove {platform} <b>{name}</b> with its {posts} stored posts? This cannot be undone.": "{platform} <b>{name}</b> mit seinen {posts} gespeicherten Beiträgen entfernen? Das lässt sich nicht rückgängig machen.",
    "Removed {platform} <b>{name}</b> and everything read from it.": "{platform} <b>{name}</b> und alles daraus Gelesene wurde entfernt.",
    "Send me your {platform} handle or URL, for example: {examples}": "Schick mir deinen {platform}-Namen oder die URL, zum Beispiel: {examples}",
    "That button has expired. Send /link again.": "Diese Schaltfläche ist abgelaufen. Sende /link noch einmal.",
    "That channel is no longer linked.": "Dieser Kanal ist nicht mehr verknüpft.",
    "That does not look like a {platform} handle. Examples: {examples}": "Das sieht nicht nach einem {platform}-Namen aus. Beispiele: {examples}",
    "To link a channel, send <code>/link PLATFORM HANDLE-OR-URL</code>, for example <code>/link github alice</code>, or just <code>/link URL</code>.\nPlatforms: {platforms}.": "Um einen Kanal zu verknüpfen, sende <code>/link PLATTFORM NAME-ODER-URL</code>, zum Beispiel <code>/link github alice</code>, oder einfach <code>/link URL</code>.\nPlattformen: {platforms}.",
    "Which channel should I remove?": "Welchen Kanal soll ich entfernen?",
    "Which platform is the channel on?": "Auf welcher Plattform ist der Kanal?",
    "Yes, remove it": "Ja, entfernen",
    "You have already linked {platform} {name}. /channels lists your channels.": "Du hast {platform} {name} schon verknüpft. /channels zeigt deine Kanäle.",
    "You have not linked any channel yet. Try <code>/link github alice</code>.": "Du hast noch keinen Kanal verknüpft. Versuch es mit <code>/link github alice</code>.",
    "You have reached the limit of linked channels. /unlink one first.": "Du hast die Höchstzahl verknüpfter Kanäle erreicht. Entferne zuerst einen mit /unlink.",
    "error: {reason}. Fix it with /link, or /unlink it.": "Fehler: {reason}. Verknüpfe ihn mit /link neu oder entferne ihn mit /unlink.",
    "not read yet": "noch nicht gelesen",
    "ok, read {when}": "ok, gelesen {when}",
    "stale since {when}: {reason}": "veraltet seit {when}: {reason}",
    "{number}. {platform} <b>{name}</b>, weight {weight}: {status}": "{number}. {platform} <b>{name}</b>, Gewicht {weight}: {status}",
    "{platform} asked me to slow down. Please try again in {minutes} minutes.": "{platform} hat mich gebeten, langsamer zu machen. Bitte versuch es in {minutes} Minuten noch einmal.",
    "{platform} could not be reached right now. Please try again later.": "{platform} ist gerade nicht erreichbar. Bitte versuch es später noch einmal.",
    "{platform} does not let me read {query}; the account may be private.": "{platform} lässt mich {query} nicht lesen; das Konto ist vielleicht privat.",
    "{platform} needs a key the operator of this bot has not set.": "{platform} braucht einen Schlüssel, den der Betreiber dieses Bots nicht gesetzt hat.",
    "the account was not found": "das Konto wurde nicht gefunden",
    "access was denied; the account may be private": "der Zugriff wurde verweigert; das Konto ist vielleicht privat",
    "the platform asked me to slow down": "die Plattform hat mich gebeten, langsamer zu machen",
    "the platform could not be reached": "die Plattform war nicht erreichbar",
    "the address points somewhere private": "die Adresse zeigt auf ein privates Ziel",
    "the handle is not valid": "der Name ist ungültig",
    "this platform is not available here": "diese Plattform ist hier nicht verfügbar",
    "the operator has not set this platform's key": "der Betreiber hat den Schlüssel dieser Plattform nicht gesetzt",
}
