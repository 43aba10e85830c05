"""Translation catalogs: the English message as key, the translation as value."""
