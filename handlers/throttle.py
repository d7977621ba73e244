"""How fast people may write: a token bucket per user, and one refusal per stranger per window."""

from __future__ import annotations

from collections import OrderedDict
from enum import StrEnum

MAX_TRACKED = 10_000  # users remembered at once; the oldest are forgotten first


class Verdict(StrEnum):
    """What to do with one update."""

    OK = "ok"
    WARN = "warn"  # the first update over the limit: say so once
    DROP = "drop"  # over the limit and already told


class Throttle:
    """A token bucket per user: ``burst`` updates at once, then one every ``interval`` seconds.

    A person asking a question every couple of seconds is never stopped; a script sending dozens a
    second is, after its burst.
    """

    def __init__(self, burst: int, interval: float) -> None:
        self.burst = burst
        self.interval = interval
        self.buckets: OrderedDict[int, tuple[float, float, bool]] = OrderedDict()  # tokens, at, warned

    def check(self, user_id: int, now: float) -> Verdict:
        """Spend a token of ``user_id`` at ``now`` (seconds), or say why not."""
        tokens, at, warned = self.buckets.pop(user_id, (float(self.burst), now, False))
        tokens = min(float(self.burst), tokens + max(0.0, now - at) / self.interval)
        if tokens >= 1.0:
            verdict, tokens, warned = Verdict.OK, tokens - 1.0, False
        else:
            verdict, warned = (Verdict.DROP if warned else Verdict.WARN), True
        self.buckets[user_id] = (tokens, now, warned)
        while len(self.buckets) > MAX_TRACKED:
            self.buckets.popitem(last=False)
        return verdict


class StrangerGate:
    """Strangers get one refusal per ``window`` seconds; everything else they send is dropped unanswered."""

    def __init__(self, window: float) -> None:
        self.window = window
        self.refused: OrderedDict[int, float] = OrderedDict()

    def should_refuse(self, user_id: int, now: float) -> bool:
        """Whether to answer this stranger's update with a refusal (the first in the window)."""
        last = self.refused.get(user_id)
        if last is not None and now - last < self.window:
            return False
        self.refused.pop(user_id, None)
        self.refused[user_id] = now
        while len(self.refused) > MAX_TRACKED:
            self.refused.popitem(last=False)
        return True
