"""Telegram handlers: read the update, call the answer engine, send the reply."""
