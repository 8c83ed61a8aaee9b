"""Times are stored as naive UTC; dates shown to people are China Standard Time."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_now() -> datetime:
    return datetime.now(CHINA)


def local_today() -> date:
    return local_now().date()


def to_local(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc).astimezone(CHINA)


def local_day_start_utc(d: date) -> datetime:
    """The stored (naive UTC) time at which China's day `d` begins: 2026-12-02 → 2026-12-01 16:00."""
    return datetime(d.year, d.month, d.day, tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)


def format_date_cn(d) -> str:
    """GB/T 9704 writes dates with Arabic numerals and no leading zeros: 2026年1月5日."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = to_local(d).date()
    return f"{d.year}年{d.month}月{d.day}日"


def format_datetime_cn(dt: datetime | None) -> str:
    if dt is None:
        return ""
    local = to_local(dt)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
