"""The web face: one ASGI application in the bot's process and event loop (the Telegram
webhook, a health check, the sign-in callbacks), an adapter beside the handlers over the
same use cases. Nothing but its documented routes exists; bodies are capped."""
