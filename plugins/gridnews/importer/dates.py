"""Dates as pages write them, read into ISO 8601 in China time, at the precision given."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from gridnews.model import TIMEZONE

_CHINESE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:[T\s]|日)?\s*(?P<half>上午|下午|晚上|中午|凌晨|早上)?\s*"
    r"(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
    r"(?P<zone>\s*(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC))?"
)
_RFC2822 = re.compile(
    r"^[A-Z][a-z]{2},\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{2}:\d{2}(:\d{2})?\s+\S+$"
)
_EPOCH = re.compile(r"^\d{10}$")


@dataclass(frozen=True)
class Moment:
    """A date or time, with how much of it the source gave."""

    value: dt.datetime
    precision: str  # "day", "minute" or "second"

    def iso(self) -> str:
        """Write it as the content model does: 2019-03-27, 2022-10-12T17:32+08:00."""
        if self.precision == "day":
            return self.value.date().isoformat()
        if self.precision == "minute":
            return self.value.isoformat(timespec="minutes")
        return self.value.isoformat(timespec="seconds")


def _china(moment: dt.datetime) -> dt.datetime:
    """Put a time in Asia/Shanghai (a time without zone is taken to be there already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TIMEZONE)
    return moment.astimezone(TIMEZONE)


def parse_date(text: str) -> Moment | None:
    """Read the first date in text: RFC 2822, ISO 8601, 2022年10月12日 17:32, or a Unix time."""
    text = text.strip()
    if _RFC2822.match(text):
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        return Moment(_china(moment), "second")
    if _EPOCH.match(text):
        return Moment(dt.datetime.fromtimestamp(int(text), tz=TIMEZONE), "second")
    match = _CHINESE.search(text)
    if match is None:
        return None
    try:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        if match["H"] is None:
            return Moment(dt.datetime(year, month, day, tzinfo=TIMEZONE), "day")
        hour, minute = int(match["H"]), int(match["M"])
        if match["half"] in ("下午", "晚上") and hour < 12:
            hour += 12  # 下午3:20 is 15:20
        second = int(match["S"]) if match["S"] else 0
        moment = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = (match["zone"] or "").strip()
    if zone in ("Z", "GMT", "UTC"):
        moment = moment.replace(tzinfo=dt.UTC)
    elif zone:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        moment = moment.replace(tzinfo=dt.timezone(sign * offset))
    return Moment(_china(moment), "second" if match["S"] else "minute")
