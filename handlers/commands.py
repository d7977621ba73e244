"""The bot's commands as Telegram's menu and /ayuda list them: everyone's, and the admins' own."""

from __future__ import annotations

from telegram import BotCommand

COMMANDS = [
    BotCommand("start", "Bienvenida y ejemplos de preguntas"),
    BotCommand("ayuda", "Qué puedo responder y qué comandos hay"),
    BotCommand("acuerdos", "Acuerdos por mes, sesión o código"),
    BotCommand("sesiones", "Sesiones del trimestre"),
    BotCommand("asistencia", "Asistencia a una sesión"),
    BotCommand("convenios", "Convenios firmados y vigentes"),
    BotCommand("resumen", "Resumen de un trimestre"),
    BotCommand("proxima", "Próxima sesión"),
    BotCommand("calendario", "Descargar las sesiones programadas (.ics)"),
    BotCommand("recordatorios", "Activar o desactivar recordatorios (on, off o 24h,1h)"),
]

ADMIN_COMMANDS = [
    BotCommand("agendar", "Agendar una sesión: /agendar 2027-01-21 10:00 Título"),
    BotCommand("reprogramar", "Cambiar la fecha: /reprogramar NÚMERO fecha hora"),
    BotCommand("cancelar", "Cancelar una sesión: /cancelar NÚMERO"),
]

KNOWN = {c.command for c in COMMANDS + ADMIN_COMMANDS} | {"help", "salir"}
"""Every command some handler answers (``/help`` is ``/ayuda``; ``/salir`` leaves /agendar)."""
