"""Telegram handlers: read the update, call the answer engine, send the reply."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import access, calendar, conversation, errors, files
from handlers.context import BotApplication, BotContext
from handlers.conversation import COMMAND_SUBJECTS

__all__ = ["register"]

QUESTION_TEXT = filters.TEXT & ~filters.COMMAND


def register(application: BotApplication) -> None:
    """Add every handler to ``application`` (access control first, unknown commands last)."""
    commands: dict[str, calendar.Callback] = {
        "start": conversation.start,
        "ayuda": conversation.help_command,
        "help": conversation.help_command,
        **{name: conversation.command for name in COMMAND_SUBJECTS},
        "reprogramar": calendar.reprogramar,
        "cancelar": calendar.cancelar,
        "calendario": calendar.calendario,
        "recordatorios": calendar.recordatorios,
    }

    async def command_while_scheduling(update: Update, context: BotContext) -> int | None:
        return await calendar.agendar_command(update, context, commands)

    application.add_handler(TypeHandler(Update, access.gatekeeper), group=-1)
    # First in its group: while /agendar waits for an answer, every command goes through its fallbacks.
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("agendar", calendar.agendar)],
            states={
                calendar.ASK_WHEN: [MessageHandler(QUESTION_TEXT, calendar.agendar_when)],
                calendar.ASK_TITLE: [MessageHandler(QUESTION_TEXT, calendar.agendar_title)],
            },
            fallbacks=[
                CommandHandler("salir", calendar.agendar_exit),
                MessageHandler(filters.COMMAND, command_while_scheduling),
            ],
            conversation_timeout=600,
        )
    )
    application.add_handler(CommandHandler("salir", calendar.salir))
    application.add_handler(CommandHandler("start", conversation.start))
    application.add_handler(CommandHandler(["ayuda", "help"], conversation.help_command))
    application.add_handler(CommandHandler(list(COMMAND_SUBJECTS), conversation.command))
    application.add_handler(CommandHandler("reprogramar", calendar.reprogramar))
    application.add_handler(CommandHandler("cancelar", calendar.cancelar))
    application.add_handler(CommandHandler("calendario", calendar.calendario))
    application.add_handler(CommandHandler("recordatorios", calendar.recordatorios))
    application.add_handler(CallbackQueryHandler(calendar.reminder_button, pattern=r"^(ics|rec):"))
    application.add_handler(CallbackQueryHandler(files.force_button, pattern=r"^forzar:"))
    application.add_handler(CallbackQueryHandler(conversation.button))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & QUESTION_TEXT, conversation.edited_question)
    )
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & QUESTION_TEXT, conversation.question))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, files.document))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, conversation.unknown_command))
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.Document.ALL & ~filters.StatusUpdate.ALL,
            conversation.unsupported,
        )
    )
    application.add_error_handler(errors.on_error)
