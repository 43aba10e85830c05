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
    # -- score, why, top ---------------------------------------------------------------------
    " (stale: the last good data counts)": " (veraltet: es zählen die letzten guten Daten)",
    "(untitled)": "(ohne Titel)",
    "/why explains every point · /tips says what to do next": "/why erklärt jeden Punkt · /tips sagt, was du als Nächstes tun kannst",
    "7 days: {week} · 30 days: {month}": "7 Tage: {week} · 30 Tage: {month}",
    "<b>Each channel's share</b>": "<b>Der Anteil jedes Kanals</b>",
    "<b>Posts that weigh most, last {days} days</b>": "<b>Beiträge mit dem meisten Gewicht, letzte {days} Tage</b>",
    "<b>Why {score}</b>: every point, per channel (formula {version})": "<b>Warum {score}</b>: jeder Punkt, pro Kanal (Formel {version})",
    "<b>Your best posts, last {days} days</b>": "<b>Deine besten Beiträge, letzte {days} Tage</b>",
    "<b>Your score: {score}</b> of 100": "<b>Dein Score: {score}</b> von 100",
    "<b>{platform} {name}</b>, weight {weight}: {contribution} points": "<b>{platform} {name}</b>, Gewicht {weight}: {contribution} Punkte",
    "No post with interaction in the last {days} days.": "Kein Beitrag mit Interaktion in den letzten {days} Tagen.",
    "Weighted interaction counts a reply 4, a quote 3, a reshare 2 and a like 1, and newer posts more: the weight halves every 30 days. The whole formula is in docs/scoring.md.": "Gewichtete Interaktion zählt eine Antwort 4, ein Zitat 3, ein Teilen 2 und ein Like 1, und neuere Beiträge mehr: das Gewicht halbiert sich alle 30 Tage. Die ganze Formel steht in docs/scoring.md.",
    "You have no channels yet, so there is no score. Link one: <code>/link github alice</code>": "Du hast noch keine Kanäle, also gibt es noch keinen Score. Verknüpfe einen: <code>/link github alice</code>",
    "activity {points}: {value} posts a week": "Aktivität {points}: {value} Beiträge pro Woche",
    "engagement {points}: {value} per post for {followers} followers": "Engagement {points}: {value} pro Beitrag bei {followers} Followern",
    "giving {points}: {value} replies and reshares of others a week": "Geben {points}: {value} Antworten und geteilte Beiträge anderer pro Woche",
    "interaction {points}: {value} weighted interactions a week": "Interaktion {points}: {value} gewichtete Interaktionen pro Woche",
    "no history yet": "noch kein Verlauf",
    "reach {points}: {followers} followers": "Reichweite {points}: {followers} Follower",
    "{platform} <b>{name}</b>: {points} points, ignored (weight 0)": "{platform} <b>{name}</b>: {points} Punkte, ignoriert (Gewicht 0)",
    "{platform} <b>{name}</b>: {points} points, {contribution} of your score ({percent} %)": "{platform} <b>{name}</b>: {points} Punkte, {contribution} deines Scores ({percent} %)",
    "{position}. {post} ({platform}): weighs {value}": "{position}. {post} ({platform}): Gewicht {value}",
    "{position}. {post} ({platform}): {likes} likes, {reshares} reshares, {replies} replies": "{position}. {post} ({platform}): {likes} Likes, {reshares}-mal geteilt, {replies} Antworten",
    # -- weight --------------------------------------------------------------------------------
    "0 ignore": "0 ignorieren",
    "1 default": "1 normal",
    "2 professional": "2 beruflich",
    "3 main focus": "3 Hauptfokus",
    "How much should {platform} <b>{name}</b> count? Now: {weight}.": "Wie stark soll {platform} <b>{name}</b> zählen? Jetzt: {weight}.",
    "I could not find the channel {query}. /channels lists yours, with their numbers.": "Ich habe den Kanal {query} nicht gefunden. /channels zeigt deine Kanäle mit ihren Nummern.",
    "Send <code>/weight CHANNEL 0..3</code>, where CHANNEL is its number in /channels or its name: 0 ignores a channel, 1 is the default, 2 and 3 mark professional focus. Or send /weight alone and use the buttons.": "Sende <code>/weight KANAL 0..3</code>, wobei KANAL seine Nummer in /channels oder sein Name ist: 0 ignoriert einen Kanal, 1 ist normal, 2 und 3 markieren beruflichen Fokus. Oder sende nur /weight und nutze die Schaltflächen.",
    "Which channel's weight?": "Das Gewicht welches Kanals?",
    "{platform} <b>{name}</b> now counts with weight {weight}. Your score: {score} (was {before}).": "{platform} <b>{name}</b> zählt jetzt mit Gewicht {weight}. Dein Score: {score} (vorher {before}).",
    # -- tips ----------------------------------------------------------------------------------
    "<b>Tips</b> (what each could be worth, in points of your score)": "<b>Tipps</b> (was jeder wert sein könnte, in Punkten deines Scores)",
    "Link a channel first, then I can give tips: <code>/link github alice</code>": "Verknüpfe zuerst einen Kanal, dann kann ich Tipps geben: <code>/link github alice</code>",
    "More tips": "Mehr Tipps",
    "No tips yet: I need a few more posts to see what works for you. Link more channels with /link, or come back after the next refresh.": "Noch keine Tipps: Ich brauche noch ein paar Beiträge, um zu sehen, was bei dir funktioniert. Verknüpfe weitere Kanäle mit /link oder schau nach der nächsten Aktualisierung wieder vorbei.",
    "That is every tip I have for now.": "Das sind alle Tipps, die ich im Moment habe.",
    "Monday": "Montag",
    "Tuesday": "Dienstag",
    "Wednesday": "Mittwoch",
    "Thursday": "Donnerstag",
    "Friday": "Freitag",
    "Saturday": "Samstag",
    "Sunday": "Sonntag",
    "with": "mit",
    "without": "ohne",
    "<b>{channel}</b> counts with weight {weight}. If it is part of your professional work, <code>/weight</code> it to {suggested}: your score would gain {gain} points.": "<b>{channel}</b> zählt mit Gewicht {weight}. Wenn er zu deiner beruflichen Arbeit gehört, setze ihn mit <code>/weight</code> auf {suggested}: dein Score würde um {gain} Punkte steigen.",
    "<b>{channel}</b> earns {per_post} weighted interactions per post, {ratio}× your other channels ({others_per_post}). One more post a week there is worth about {impact} points.": "<b>{channel}</b> bringt {per_post} gewichtete Interaktionen pro Beitrag, {ratio}× so viel wie deine anderen Kanäle ({others_per_post}). Ein Beitrag mehr pro Woche dort ist etwa {impact} Punkte wert.",
    "<b>{channel}</b> has been quiet for {days} days, though its posts earned {per_post} each. A post a week there would add about {impact} points.": "Auf <b>{channel}</b> ist es seit {days} Tagen still, obwohl seine Beiträge je {per_post} gebracht haben. Ein Beitrag pro Woche dort brächte etwa {impact} Punkte.",
    "<b>{channel}</b> is new or small ({followers} followers, {per_post} per post). Network first: reply to and share five people's posts in your field each week (about +{impact}).": "<b>{channel}</b> ist neu oder klein ({followers} Follower, {per_post} pro Beitrag). Vernetze dich zuerst: antworte jede Woche auf Beiträge von fünf Leuten aus deinem Gebiet und teile sie (etwa +{impact}).",
    "A young channel grows by taking part: on <b>{channel}</b> ({followers} followers), comment on others' work before expecting answers (about +{impact}).": "Ein junger Kanal wächst durch Mitmachen: Kommentiere auf <b>{channel}</b> ({followers} Follower) die Arbeit anderer, bevor du Antworten erwartest (etwa +{impact}).",
    "Give and take: in 30 days you replied to or shared others' posts {gives_30d} times, against {posts_30d} posts of your own. {suggested_per_week} replies or shares a week would add about {impact} points.": "Geben und Nehmen: In 30 Tagen hast du {gives_30d}-mal auf Beiträge anderer geantwortet oder sie geteilt, bei {posts_30d} eigenen Beiträgen. {suggested_per_week} Antworten oder geteilte Beiträge pro Woche brächten etwa {impact} Punkte.",
    "Interaction is a two-way street. {gives_30d} replies and shares of others in 30 days is little; try {suggested_per_week} a week (about +{impact} points).": "Interaktion ist keine Einbahnstraße. {gives_30d} Antworten und geteilte Beiträge anderer in 30 Tagen sind wenig; versuch es mit {suggested_per_week} pro Woche (etwa +{impact} Punkte).",
    "Media makes a difference for you: {with_per_post} per post with, {without_per_post} without. Lean on the better kind (about +{impact}).": "Medien machen bei dir einen Unterschied: {with_per_post} pro Beitrag mit, {without_per_post} ohne. Setz auf die bessere Art (etwa +{impact}).",
    "Nothing new on <b>{channel}</b> for {days} days. Its audience used to answer ({per_post} per post); wake it up for about +{impact}.": "Seit {days} Tagen nichts Neues auf <b>{channel}</b>. Sein Publikum hat früher geantwortet ({per_post} pro Beitrag); weck ihn auf, für etwa +{impact}.",
    "People replied to your posts {received} times in 30 days; you wrote {written} replies. Answering them keeps conversations going: about {impact} points.": "In 30 Tagen wurde {received}-mal auf deine Beiträge geantwortet; du hast {written} Antworten geschrieben. Wer antwortet, hält Gespräche am Laufen: etwa {impact} Punkte.",
    "Posts {better} a question earn more: {with_per_post} per post with a question ({with_posts} posts), {without_per_post} without ({without_posts}). Worth about {impact} points.": "Beiträge {better} Frage bringen mehr: {with_per_post} pro Beitrag mit Frage ({with_posts} Beiträge), {without_per_post} ohne ({without_posts}). Etwa {impact} Punkte wert.",
    "Posts {better} pictures or video earn more: {with_per_post} per post with ({with_posts} posts), {without_per_post} without ({without_posts}). Worth about {impact} points.": "Beiträge {better} Bilder oder Videos bringen mehr: {with_per_post} pro Beitrag mit ({with_posts} Beiträge), {without_per_post} ohne ({without_posts}). Etwa {impact} Punkte wert.",
    "Questions and your audience: {with_per_post} per post when you ask, {without_per_post} when you don't. Use what works (about +{impact}).": "Fragen und dein Publikum: {with_per_post} pro Beitrag, wenn du fragst, {without_per_post}, wenn nicht. Nutze, was funktioniert (etwa +{impact}).",
    "Timing: posts on {weekday}s, {from_hour}:00–{to_hour}:00 your time, earned {per_post} per post against {overall_per_post} overall. Move a few posts there (about +{impact}).": "Zeitpunkt: Beiträge am {weekday}, {from_hour}:00–{to_hour}:00 deiner Zeit, brachten {per_post} pro Beitrag, insgesamt {overall_per_post}. Verleg ein paar Beiträge dorthin (etwa +{impact}).",
    "Weight {weight} holds <b>{channel}</b> back. At weight {suggested} your score would rise by {gain} points; use /weight if it is a professional channel.": "Gewicht {weight} bremst <b>{channel}</b>. Mit Gewicht {suggested} stiege dein Score um {gain} Punkte; nutze /weight, wenn es ein beruflicher Kanal ist.",
    "Your audience answers most on <b>{weekday}s between {from_hour}:00 and {to_hour}:00</b> (your time): {per_post} per post there, {overall_per_post} on average ({posts} posts). Posting more then is worth about {impact} points.": "Dein Publikum antwortet am meisten <b>am {weekday} zwischen {from_hour}:00 und {to_hour}:00</b> (deine Zeit): {per_post} pro Beitrag, im Schnitt {overall_per_post} ({posts} Beiträge). Dann mehr zu posten ist etwa {impact} Punkte wert.",
    "Your posts on <b>{channel}</b> get {ratio} times the response of your other channels ({per_post} against {others_per_post} per post). Post there once more a week: about +{impact}.": "Deine Beiträge auf <b>{channel}</b> bekommen {ratio}-mal so viel Resonanz wie deine anderen Kanäle ({per_post} gegenüber {others_per_post} pro Beitrag). Poste dort einmal mehr pro Woche: etwa +{impact}.",
    "{received} replies to your posts in 30 days, {written} written by you. Reply to the people who reply to you (about +{impact}).": "{received} Antworten auf deine Beiträge in 30 Tagen, {written} davon von dir. Antworte den Leuten, die dir antworten (etwa +{impact}).",
    # -- refresh, alerts, digests ------------------------------------------------------------
    "/score for details · alerts can be turned off in /settings": "/score für Details · Hinweise lassen sich in /settings abschalten",
    "<b>Resonance</b>: something notable happened": "<b>Resonance</b>: Es ist etwas Bemerkenswertes passiert",
    "<b>Your week in resonance</b>": "<b>Deine Woche in Resonanz</b>",
    "A new 90-day high: <b>{score}</b> (the best before was {previous}).": "Ein neues 90-Tage-Hoch: <b>{score}</b> (das bisher beste war {previous}).",
    "Best post of the week: {post} ({likes} likes, {reshares} reshares, {replies} replies)": "Bester Beitrag der Woche: {post} ({likes} Likes, {reshares}-mal geteilt, {replies} Antworten)",
    "I could not read {platform} {channel} for more than a day; its last good data still counts. /channels shows why.": "Ich konnte {platform} {channel} seit mehr als einem Tag nicht lesen; seine letzten guten Daten zählen weiter. /channels zeigt, warum.",
    "I refreshed your channels a moment ago. You can refresh again in {minutes} min; /score shows the current numbers.": "Ich habe deine Kanäle gerade erst aktualisiert. In {minutes} Min. geht es wieder; /score zeigt die aktuellen Zahlen.",
    "Last weeks: {sparkline}": "Letzte Wochen: {sparkline}",
    "No post of yours earned interaction this week.": "Diese Woche hat keiner deiner Beiträge Interaktion bekommen.",
    "Read {done} of {count}: {platform} {name} {mark}": "{done} von {count} gelesen: {platform} {name} {mark}",
    "Reading your {count} channels…": "Ich lese deine {count} Kanäle…",
    "Refreshed {count} channels. Your score: <b>{score}</b> ({change}). /why explains it.": "{count} Kanäle aktualisiert. Dein Score: <b>{score}</b> ({change}). /why erklärt ihn.",
    "Refreshed {count} channels. Your score: <b>{score}</b>. /why explains it.": "{count} Kanäle aktualisiert. Dein Score: <b>{score}</b>. /why erklärt ihn.",
    "Score <b>{score}</b> (your first week)": "Score <b>{score}</b> (deine erste Woche)",
    "Score <b>{score}</b> ({change} this week)": "Score <b>{score}</b> ({change} diese Woche)",
    "There is nothing to refresh yet. Link a channel first: <code>/link github alice</code>": "Es gibt noch nichts zu aktualisieren. Verknüpfe zuerst einen Kanal: <code>/link github alice</code>",
    "Tip: {tip}": "Tipp: {tip}",
    "Your post on {channel} is taking off: {value} weighted interactions, more than twice your usual {average}: {post}": "Dein Beitrag auf {channel} hebt ab: {value} gewichtete Interaktionen, mehr als doppelt so viel wie üblich ({average}): {post}",
    "Your score moved from {before} to <b>{after}</b> ({change}).": "Dein Score hat sich von {before} auf <b>{after}</b> bewegt ({change}).",
    "{channel} passed <b>{followers}</b> followers.": "{channel} hat <b>{followers}</b> Follower überschritten.",
    "{failed} could not be read; their last good data still counts (see /channels).": "{failed} konnten nicht gelesen werden; ihre letzten guten Daten zählen weiter (siehe /channels).",
    "{platform} {name}: {points} points": "{platform} {name}: {points} Punkte",
    "{platform} {name}: {points} points ({change})": "{platform} {name}: {points} Punkte ({change})",
    # -- settings, data, groups, history -----------------------------------------------------
    "<b>Leaderboard</b> (members who chose /share on)": "<b>Rangliste</b> (Mitglieder, die /share on gewählt haben)",
    "<b>Settings</b>": "<b>Einstellungen</b>",
    "Alert me when the score moves by at least:": "Benachrichtige mich, wenn sich der Score mindestens so stark bewegt:",
    "Alerts: off": "Hinweise: aus",
    "Alerts: on, when the score moves by {threshold} points or more": "Hinweise: an, wenn sich der Score um {threshold} Punkte oder mehr bewegt",
    "At what hour (your time)?": "Zu welcher Stunde (deine Zeit)?",
    "Back": "Zurück",
    "Digest day": "Tag des Berichts",
    "Digest hour": "Uhrzeit des Berichts",
    "Done: everything about you is deleted. If you ever want to come back, send /start.": "Erledigt: Alles über dich ist gelöscht. Wenn du irgendwann zurückkommen willst, sende /start.",
    "Group leaderboards: {state} (/share on or /share off)": "Gruppen-Ranglisten: {state} (/share on oder /share off)",
    "Here is everything I store about you: one JSON file with all of it, and a CSV file per table. Access tokens are never exported.": "Hier ist alles, was ich über dich speichere: eine JSON-Datei mit allem und eine CSV-Datei pro Tabelle. Zugangstoken werden nie exportiert.",
    "Language": "Sprache",
    "Language: {language}": "Sprache: {language}",
    "No messages during:": "Keine Nachrichten während:",
    "No quiet hours": "Keine Ruhezeiten",
    "Nobody here has chosen to share yet. Send me <code>/share on</code> in a private chat, then /leaderboard here once.": "Hier hat noch niemand zugestimmt, geteilt zu werden. Sende mir <code>/share on</code> in einem privaten Chat und dann einmal /leaderboard hier.",
    "Not listed? Send <code>/settings timezone Area/City</code>, e.g. <code>/settings timezone America/Mexico_City</code>.": "Nicht dabei? Sende <code>/settings timezone Gebiet/Stadt</code>, z. B. <code>/settings timezone America/Mexico_City</code>.",
    "Nothing was deleted.": "Es wurde nichts gelöscht.",
    "On which day should the weekly digest come?": "An welchem Tag soll der Wochenbericht kommen?",
    "Quiet hours": "Ruhezeiten",
    "Quiet hours: none": "Ruhezeiten: keine",
    "Quiet hours: {start}:00–{end}:00": "Ruhezeiten: {start}:00–{end}:00",
    "Saved.": "Gespeichert.",
    "Send /settings and use the buttons, or <code>/settings timezone Area/City</code>.": "Sende /settings und nutze die Schaltflächen, oder <code>/settings timezone Gebiet/Stadt</code>.",
    "Send <code>/share on</code> to appear on group leaderboards, or <code>/share off</code>.": "Sende <code>/share on</code>, um in Gruppen-Ranglisten zu erscheinen, oder <code>/share off</code>.",
    "That button has expired. Send /settings again.": "Diese Schaltfläche ist abgelaufen. Sende /settings noch einmal.",
    "There is no history to draw yet: scores are kept from your first linked channel on. Come back after a few refreshes.": "Es gibt noch keinen Verlauf zum Zeichnen: Scores werden ab deinem ersten verknüpften Kanal gespeichert. Schau nach ein paar Aktualisierungen wieder vorbei.",
    "This deletes <b>everything</b> I store about you: your channels, posts, scores, settings and messages. It cannot be undone. Are you sure?": "Das löscht <b>alles</b>, was ich über dich speichere: deine Kanäle, Beiträge, Scores, Einstellungen und Nachrichten. Das lässt sich nicht rückgängig machen. Bist du sicher?",
    "Threshold": "Schwelle",
    "Timezone": "Zeitzone",
    "Turn alerts off": "Hinweise ausschalten",
    "Turn alerts on": "Hinweise einschalten",
    "Use /leaderboard in a group. Here you can choose to appear on it: /share on": "Nutze /leaderboard in einer Gruppe. Hier kannst du wählen, dort zu erscheinen: /share on",
    "Weekly digest: {day} at {hour}:00 ({timezone})": "Wochenbericht: {day} um {hour}:00 ({timezone})",
    "Which language?": "Welche Sprache?",
    "Which timezone are you in?": "In welcher Zeitzone bist du?",
    "Yes, delete everything": "Ja, alles löschen",
    "Your Resonance score, last 90 days": "Dein Resonance-Score, letzte 90 Tage",
    "Your score and weekly change will be shown on the /leaderboard of groups where you use it. /share off hides them again.": "Dein Score und seine Wochenänderung erscheinen auf der /leaderboard der Gruppen, in denen du sie nutzt. /share off blendet sie wieder aus.",
    "Your score is no longer shown in any group.": "Dein Score wird in keiner Gruppe mehr gezeigt.",
    "Your score over the last 90 days: {first} → {last}, from {count} computations. Colours show each channel's share.": "Dein Score in den letzten 90 Tagen: {first} → {last}, aus {count} Berechnungen. Die Farben zeigen den Anteil jedes Kanals.",
    "not shown": "nicht gezeigt",
    "shown": "gezeigt",
    "{name} is not a timezone I know. Use an IANA name such as Europe/Vienna or America/Mexico_City.": "{name} ist keine Zeitzone, die ich kenne. Nutze einen IANA-Namen wie Europe/Vienna oder America/Mexico_City.",
    "{position}. {name}: {score}": "{position}. {name}: {score}",
    "{position}. {name}: {score} ({change} this week)": "{position}. {name}: {score} ({change} diese Woche)",
}
