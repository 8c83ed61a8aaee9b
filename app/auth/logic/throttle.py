"""Login throttling: growing delays, never a lock-out.

Failures are counted per account name (known or not, so the answer never tells which names exist)
and per address. The first `free` failures cost nothing; each further one doubles the wait before
the next attempt is even looked at (1 s, 2 s, 4 s …) up to `max_delay`. A person whose name is
being sprayed therefore waits at most `max_delay` seconds, never 15 minutes; a sprayer at one
address soon waits `max_delay` between guesses. Failures are forgotten `forget_minutes` after the
last one, and a successful sign-in clears the counters it passed."""


def delay_after(failures: int, free: int, max_delay: int) -> int:
    """Seconds to wait after the `failures`-th failure in a row."""
    if failures < free:
        return 0
    return min(max_delay, 2 ** (failures - free))


def counted(failures: int, seconds_since_last: float | None, forget_minutes: int) -> int:
    """The failures still counted now (0 once the last one is old enough)."""
    if seconds_since_last is None or seconds_since_last > forget_minutes * 60:
        return 0
    return failures


def wait_left(failures: int, seconds_since_last: float | None, free: int, max_delay: int, forget_minutes: int) -> int:
    """Whole seconds before the next attempt may be tried (0: now)."""
    live = counted(failures, seconds_since_last, forget_minutes)
    if live == 0:
        return 0
    left = delay_after(live, free, max_delay) - (seconds_since_last or 0)
    return max(0, int(left + 0.999))
