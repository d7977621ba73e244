"""Reminders with an injectable clock: no sleeping, restarts simulated with fresh objects."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from bot import calendar
from bot.leads import LeadError, parse_leads
from bot.reminders import (
    CLAIM_TIMEOUT,
    NOTICE_CANCELLED,
    NOTICE_RESCHEDULED,
    Batch,
    ChatBlocked,
    ReminderBook,
    TemporaryFailure,
)
from db.database import session_scope
from db.models import CommissionSession, ReminderSubscription

MX = ZoneInfo("America/Mexico_City")
UTC = dt.UTC
START = dt.datetime(2027, 1, 21, 10, 0, tzinfo=MX).astimezone(UTC)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Outbox:
    """A fake sender that records (chat, session, lead) and can fail on demand."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, int, int]] = []
        self.crash_after: int | None = None
        self.blocked: set[int] = set()
        self.flaky: set[int] = set()

    async def __call__(self, chat_id: int, session: CommissionSession, batch: Batch) -> None:
        if self.crash_after is not None and len(self.sent) >= self.crash_after:
            raise SystemExit("corte de luz")  # the process dies in the middle of the fan-out
        if chat_id in self.blocked:
            raise ChatBlocked(chat_id)
        if chat_id in self.flaky:
            raise TemporaryFailure("red caída")
        assert session.id is not None
        self.sent.append((chat_id, session.id, batch.lead_seconds))


@pytest.fixture
def book(db: SqlEngine) -> ReminderBook:
    return ReminderBook(db, default_leads=(86400, 3600))


def scheduled(db: SqlEngine, when: dt.datetime = START, title: str = "Primera sesión ordinaria") -> int:
    with session_scope(db) as session:
        row, _ = calendar.schedule(when, title, MX, now=when - dt.timedelta(days=60), session=session)
    assert row.id is not None
    return row.id


def test_parse_leads() -> None:
    assert parse_leads("24h,1h") == (86400, 3600)
    assert parse_leads("90s 2m") == (120, 90)
    assert parse_leads("30d") == (30 * 86400,)
    assert parse_leads("24 h, 1 h") == parse_leads("24 h 1 h") == (86400, 3600)  # a space before the unit
    assert parse_leads("30 min") == (1800,)
    for poison in ("pronto", "3000000d", "30s", "0m", "31d", "1h,2h,3h,4h,5h,6h", "", "9" * 40):
        with pytest.raises(LeadError):
            parse_leads(poison)


def test_batches_follow_subscriptions_and_skip_started_sessions(db: SqlEngine, book: ReminderBook) -> None:
    session_id = scheduled(db)
    scheduled(db, START - dt.timedelta(days=30), "Tercera sesión extraordinaria")
    now = START - dt.timedelta(days=2)
    assert book.batches(now) == []  # nobody subscribed
    book.subscribe(10, now)
    book.subscribe(11, now, leads=(600,))
    batches = book.batches(now)
    assert [(b.session_id, b.lead_seconds) for b in batches] == [
        (session_id, 86400),
        (session_id, 3600),
        (session_id, 600),
    ]
    assert batches[0].due_at == START - dt.timedelta(days=1)
    assert book.pending_chats(batches[0], now) == [10]
    assert book.pending_chats(batches[2], now) == [11]


async def test_exactly_once_across_a_restart_in_the_middle_of_a_fan_out(db: SqlEngine) -> None:
    session_id = scheduled(db)
    now = START - dt.timedelta(hours=1)
    first = ReminderBook(db, default_leads=(3600,))
    for chat in range(100, 110):
        first.subscribe(chat, now - dt.timedelta(days=1))
    batch = first.batches(now - dt.timedelta(minutes=1))[0]
    outbox = Outbox()
    outbox.crash_after = 4
    with pytest.raises(SystemExit):
        await first.deliver(batch, outbox, Clock(now))
    assert len(outbox.sent) == 4
    outbox.crash_after = None
    restarted = ReminderBook(db, default_leads=(3600,))  # the process comes back
    again = restarted.batches(now)
    assert again == [batch]
    outcome = await restarted.deliver(again[0], outbox, Clock(now + dt.timedelta(seconds=5)))
    # The chat the dead process had claimed waits until that claim expires; the rest go now.
    assert outcome.sent == [105, 106, 107, 108, 109]
    later = await restarted.deliver(batch, outbox, Clock(now + CLAIM_TIMEOUT + dt.timedelta(seconds=5)))
    assert later.sent == [104]
    assert sorted(chat for chat, _, _ in outbox.sent) == list(range(100, 110))  # each exactly once
    assert (await restarted.deliver(batch, outbox, Clock(now + CLAIM_TIMEOUT * 2))).sent == []
    assert len(restarted.delivered(session_id)) == 10


async def test_catch_up_after_downtime_sends_if_not_started_and_drops_if_started(
    db: SqlEngine, book: ReminderBook
) -> None:
    scheduled(db)
    book.subscribe(1, START - dt.timedelta(days=3))
    outbox = Outbox()
    day_before = book.batches(START - dt.timedelta(days=2))[0]
    # Down from two days before until 2 hours before: the 24 h reminder is late but still useful.
    late = await book.deliver(day_before, outbox, Clock(START - dt.timedelta(hours=2)))
    assert late.verdict == "send" and outbox.sent == [(1, day_before.session_id, 86400)]
    hour_before = Batch(day_before.session_id, 3600, START)
    dropped = await book.deliver(hour_before, outbox, Clock(START + dt.timedelta(minutes=5)))
    assert dropped.verdict == "started" and len(outbox.sent) == 1


async def test_after_downtime_only_the_nearest_passed_reminder_is_sent(db: SqlEngine, book: ReminderBook) -> None:
    session_id = scheduled(db)
    book.subscribe(1, START - dt.timedelta(days=3))
    book.subscribe(2, START - dt.timedelta(days=3), leads=(86400,))
    outbox = Outbox()
    # Down until 30 minutes before: both the 24 h and the 1 h moments have passed.
    now = START - dt.timedelta(minutes=30)
    due = book.due(session_id, START, now)
    assert [(b.lead_seconds, chats) for b, chats in due] == [(86400, [2]), (3600, [1])]
    day_before = Batch(session_id, 86400, START)
    assert book.pending_chats(day_before, now) == [2]  # chat 1 gets only its nearer 1 h reminder
    for batch, chats in due:
        await book.deliver(batch, outbox, Clock(now), chats)
    assert sorted(outbox.sent) == [(1, session_id, 3600), (2, session_id, 86400)]
    assert book.due(session_id, START, now) == []


async def test_subscribing_sends_no_reminder_whose_moment_had_passed(db: SqlEngine, book: ReminderBook) -> None:
    session_id = scheduled(db)
    # "Activar" 70 minutes before: the 24 h moment passed before it; the 1 h one is still ahead.
    subscribed = START - dt.timedelta(minutes=70)
    book.subscribe(1, subscribed)
    assert book.due(session_id, START, subscribed + dt.timedelta(seconds=1)) == []
    assert book.pending_chats(Batch(session_id, 86400, START), subscribed) == []
    hour_before = START - dt.timedelta(hours=1)
    assert [(b.lead_seconds, chats) for b, chats in book.due(session_id, START, hour_before)] == [(3600, [1])]
    # Changing the leads to 48h,2h 70 minutes before: both moments passed before the change, none is sent.
    book.subscribe(1, subscribed + dt.timedelta(minutes=1), leads=parse_leads("48h,2h"))
    assert book.due(session_id, START, subscribed + dt.timedelta(minutes=2)) == []
    # Pressing "Activar" again, unchanged, keeps the moment it counts from.
    book.subscribe(2, START - dt.timedelta(days=3))
    book.subscribe(2, START - dt.timedelta(hours=2))
    assert [c for _, chats in book.due(session_id, START, hour_before) for c in chats] == [2]


def test_a_poisoned_stored_lead_is_logged_and_skipped(
    db: SqlEngine, book: ReminderBook, caplog: pytest.LogCaptureFixture
) -> None:
    scheduled(db)
    now = START - dt.timedelta(days=3)
    book.subscribe(1, now)
    with session_scope(db) as session:  # what an older version let /recordatorios 3000000d store
        session.add(ReminderSubscription(chat_id=2, leads="259200000000", updated_at=now))
        session.add(ReminderSubscription(chat_id=3, leads="x,3600", updated_at=now))
    assert set(book.subscribers()) == {1}
    assert book.lead_set() == {86400, 3600}
    assert len(book.batches(now)) == 2
    assert sum("no válidas" in r.message for r in caplog.records) >= 2


async def test_a_claim_is_renewed_while_its_send_is_held_and_never_sent_twice(db: SqlEngine) -> None:
    import asyncio

    session_id = scheduled(db)
    now = START - dt.timedelta(hours=1)
    first = ReminderBook(db, default_leads=(3600,), renew_seconds=0.01)
    first.subscribe(1, now - dt.timedelta(days=1))
    batch = Batch(session_id, 3600, START)
    clock = Clock(now)
    released = asyncio.Event()
    sends: list[int] = []

    async def held_by_the_rate_limiter(chat_id: int, session: CommissionSession, batch: Batch) -> None:
        sends.append(chat_id)
        await released.wait()

    delivery = asyncio.create_task(first.deliver(batch, held_by_the_rate_limiter, clock))
    while not sends:
        await asyncio.sleep(0.01)
    for _ in range(3):  # the limiter's retries hold the send well past the claim's timeout…
        clock.now += CLAIM_TIMEOUT
        await asyncio.sleep(0.1)  # …while the claim is renewed
    other = ReminderBook(db, default_leads=(3600,))  # another process looks now
    assert other.pending_chats(batch, clock.now) == []
    assert not other.claim(batch, 1, clock.now)
    released.set()
    outcome = await delivery
    assert outcome.sent == [1] and sends == [1]
    assert len(first.delivered(session_id)) == 1


async def test_rescheduling_moves_reminders_and_a_stale_one_is_never_sent(db: SqlEngine, book: ReminderBook) -> None:
    session_id = scheduled(db)
    now = START - dt.timedelta(days=3)
    book.subscribe(1, now)
    old = book.batches(now)
    new_start = START + dt.timedelta(days=7)
    with session_scope(db) as session:
        change = calendar.reschedule(session_id, new_start, MX, now=now, session=session)
    assert change.action == "reprogramada" and change.previous_start == START
    outbox = Outbox()
    stale = await book.deliver(old[0], outbox, Clock(START - dt.timedelta(days=1)))
    assert stale.verdict == "stale" and outbox.sent == []
    moved = book.batches(now)
    assert {b.planned_start for b in moved} == {new_start}
    notice = Batch(session_id, NOTICE_RESCHEDULED, new_start)
    told = await book.deliver(notice, outbox, Clock(now))
    assert told.sent == [1]
    assert (await book.deliver(notice, outbox, Clock(now))).sent == []  # told once


async def test_cancelling_tells_subscribers_once_and_sends_nothing_more(db: SqlEngine, book: ReminderBook) -> None:
    session_id = scheduled(db)
    now = START - dt.timedelta(days=3)
    book.subscribe(1, now)
    book.subscribe(2, now)
    batches = book.batches(now)
    with session_scope(db) as session:
        calendar.cancel(session_id, session=session)
    assert book.batches(now) == []
    outbox = Outbox()
    for batch in batches:
        assert (await book.deliver(batch, outbox, Clock(START - dt.timedelta(hours=2)))).verdict == "cancelled"
    notice = Batch(session_id, NOTICE_CANCELLED, START)
    assert (await book.deliver(notice, outbox, Clock(now))).sent == [1, 2]
    assert (await book.deliver(notice, outbox, Clock(now))).sent == []
    assert [lead for _, _, lead in outbox.sent] == [NOTICE_CANCELLED, NOTICE_CANCELLED]


async def test_a_chat_that_blocked_the_bot_is_unsubscribed_and_failures_retry(
    db: SqlEngine, book: ReminderBook
) -> None:
    scheduled(db)
    now = START - dt.timedelta(days=3)
    for chat in (1, 2, 3):
        book.subscribe(chat, now)
    batch = book.batches(now)[0]
    outbox = Outbox()
    outbox.blocked = {2}
    outbox.flaky = {3}
    outcome = await book.deliver(batch, outbox, Clock(batch.due_at))
    assert (outcome.sent, outcome.blocked, outcome.failed) == ([1], [2], [3])
    assert 2 not in book.subscribers()
    outbox.flaky = set()
    retry = await book.deliver(batch, outbox, Clock(batch.due_at + dt.timedelta(minutes=2)))
    assert retry.sent == [3]


def test_time_zone_edges(db: SqlEngine, book: ReminderBook) -> None:
    # 00:30 in Mexico City is 06:30 UTC: the local date is the 21st, the day before in UTC terms is the 20th.
    late_night = dt.datetime(2027, 1, 21, 0, 30, tzinfo=MX).astimezone(UTC)
    session_id = scheduled(db, late_night, "Segunda sesión urgente")
    book.subscribe(1, late_night - dt.timedelta(days=2), leads=(3600,))
    batch = book.batches(late_night - dt.timedelta(days=1))[0]
    assert batch.due_at.astimezone(MX) == dt.datetime(2027, 1, 20, 23, 30, tzinfo=MX)
    with session_scope(db) as session:
        row = calendar.upcoming(late_night - dt.timedelta(hours=2), session=session)[0]
    assert row.id == session_id and row.date == dt.date(2027, 1, 21)
    assert calendar.parse_when("2027-01-21 00:30", MX) == late_night
    # A date that does not exist is refused rather than guessed.
    with pytest.raises(calendar.CalendarError):
        calendar.parse_when("31/02/2027 10:00", MX)
