"""Temporal expressions in news text: find them and resolve them against the publication date.

News reads in the past: "am Donnerstag" in an article of Thursday 2022-01-27 is that day, "am Mittwoch"
the day before; ``tense="future"`` reads forward instead ("werde am Montag reisen"). The words live in
``lang/<code>/dates.yaml``; this module only holds the calendar logic.

Values follow TIMEX3 conventions, each with its granularity:

=============  =====================  ==========================================
granularity    value                  examples
=============  =====================  ==========================================
day            ``2022-01-27``         "27. Januar 2022", "gestern", "am Donnerstag"
part-of-day    ``2022-01-25TEV``      "Dienstagabend", "in der Nacht zum Freitag"
week           ``2022-W03``           "vergangene Woche", "vor zwei Wochen"
weekend        ``2022-W03-WE``        "am Wochenende"
month          ``2022-02``            "im Februar", "Anfang Februar", "Ende des Monats"
year           ``2021``               "im vergangenen Jahr", "im Jahr 2021"
=============  =====================  ==========================================

When the reference date is known only to the month (``ref_precision="month"``) expressions that need
the day ("gestern", "am Donnerstag") resolve to the reference month: the granularity says so, and the
story merger re-resolves them once another article of the story gives the day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..nlp.lang import load

Resolved = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    day_offsets: dict[str, int]
    parts: dict[str, str]
    night_before: tuple[str, ...]
    past: frozenset[str]
    future: frozenset[str]
    this: frozenset[str]
    units: dict[str, str]
    ago: frozenset[str]
    ahead: frozenset[str]
    numbers: dict[str, int]
    period_parts: dict[str, str]
    period_articles: tuple[str, ...]
    month_preps: tuple[str, ...]
    weekday_preps: tuple[str, ...]
    year_prefixes: tuple[str, ...]
    since: frozenset[str]


def _alt(words: Any) -> str:
    """A regex alternation of ``words``, longest first so that "Sept" wins over "Sep"."""
    return "|".join(re.escape(w) for w in sorted({str(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=4)
def _lexicon(language: str) -> _Lexicon:
    d = load(language, "dates")
    rel = d.get("relative", {})
    return _Lexicon(
        months={k.lower(): int(v) for k, v in d["months"].items()},
        ambiguous_months=frozenset(w.lower() for w in d.get("ambiguous_months", [])),
        weekdays={k.lower(): int(v) for k, v in d["weekdays"].items()},
        day_offsets={k.lower(): int(v) for k, v in d["day_offsets"].items()},
        parts={k.lower(): str(v) for k, v in d["parts_of_day"].items()},
        night_before=tuple(s.lower() for s in d.get("night_before", [])),
        past=frozenset(rel.get("past", [])),
        future=frozenset(rel.get("future", [])),
        this=frozenset(rel.get("this", [])),
        units={k.lower(): str(v) for k, v in d["units"].items()},
        ago=frozenset(d.get("ago", [])),
        ahead=frozenset(d.get("ahead", [])),
        numbers={k.lower(): int(v) for k, v in d.get("numbers", {}).items()},
        period_parts={k.lower(): str(v) for k, v in d.get("period_parts", {}).items()},
        period_articles=tuple(d.get("period_articles", [])),
        month_preps=tuple(d.get("month_prepositions", [])),
        weekday_preps=tuple(d.get("weekday_prepositions", [])),
        year_prefixes=tuple(d.get("year_prefixes", [])),
        since=frozenset(d.get("since", [])),
    )


# ----------------------------------------------------------------------------- calendar helpers
def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _weekday(ref: date, wd: int, how: str) -> date:
    """The day with weekday ``wd`` near ``ref``: past (≤ ref), future (≥ ref), last (< ref), next (> ref), this."""
    back = (ref.weekday() - wd) % 7
    fwd = (wd - ref.weekday()) % 7
    if how == "past":
        return ref - timedelta(days=back)
    if how == "future":
        return ref + timedelta(days=fwd)
    if how == "last":
        return ref - timedelta(days=back or 7)
    if how == "next":
        return ref + timedelta(days=fwd or 7)
    return ref + timedelta(days=wd - ref.weekday())  # this week


#: a day or month without a year is never read as lying more than this many days before the reference
#: (its last day counts) unless the text says so ("seit dem 4. Februar"); the FANG-COVID check in
#: tests/events/test_dates_fang.py holds the stored events to it
MAX_BACK_DAYS = 300

# how a day or month without a year is placed around the reference (see _pick):
#   "nearest"  present tense or unknown: the nearer of the last and the coming one
#   "past"     the sentence is in a past tense: the last one, unless it lies more than MAX_BACK_DAYS back
#   "since"    after "seit": the last one, however far back
#   "future"   future or intended: the coming one (or the reference's own day or month)
Reading = str


def _pick(ref: date, periods: list[tuple[date, date]], reading: Reading) -> tuple[date, date] | None:
    """The candidate period (first day, last day) for a yearless date, one per year around the reference."""
    for p in periods:
        if p[0] <= ref <= p[1]:
            return p
    before = max((p for p in periods if p[1] < ref), key=lambda p: p[1], default=None)
    after = min((p for p in periods if p[0] > ref), key=lambda p: p[0], default=None)
    if before is None or after is None:
        return before or after
    back, ahead = (ref - before[1]).days, (after[0] - ref).days
    if reading == "since":
        return before
    if reading == "future":
        return after
    if reading == "past":
        return before if back <= MAX_BACK_DAYS else after
    return before if back < ahead else after


def _years(ref: date) -> range:
    return range(max(1, ref.year - 1), min(9999, ref.year + 1) + 1)


def _day_month(ref: date, d: int, m: int, reading: Reading) -> date | None:
    days = []
    for y in _years(ref):
        try:
            days.append(date(y, m, d))
        except ValueError:  # 29 February in a common year, 31 April
            continue
    got = _pick(ref, [(x, x) for x in days], reading)
    return got[0] if got else None


def _month_only(ref: date, m: int, reading: Reading) -> tuple[int, int]:
    periods = []
    for y in _years(ref):
        first = date(y, m, 1)
        last = date(y, 12, 31) if m == 12 else date(y, m + 1, 1) - timedelta(days=1)
        periods.append((first, last))
    got = _pick(ref, periods, reading)
    return (got[0].year, m) if got else (ref.year, m)


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


# ----------------------------------------------------------------------------- patterns
@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]


@lru_cache(maxsize=4)
def _patterns(language: str) -> tuple[_Pattern, ...]:
    lx = _lexicon(language)
    mon = rf"(?P<mon>{_alt(lx.months)})\.?"
    wd = rf"(?P<wd>{_alt(lx.weekdays)})"
    part = rf"(?P<part>{_alt(lx.parts)})"
    rel = rf"(?P<rel>{_alt(lx.past | lx.future | lx.this)})"
    num = rf"(?P<n>\d{{1,3}}|{_alt(lx.numbers)})"
    unit = rf"(?P<unit>{_alt(lx.units)})"
    pp = rf"(?P<pp>{_alt(lx.period_parts)})"
    arts = _alt(lx.period_articles)
    wprep = rf"(?:(?:{_alt(lx.weekday_preps)}|{_alt(lx.past | lx.future | lx.this)})\s+)?"
    wprefix = rf"(?:(?P<wrel>{_alt(lx.weekday_preps)}|{_alt(lx.past | lx.future | lx.this)})\s+)?"
    night = _alt(lx.night_before).replace(r"\ ", r"\s+")
    yearp = _alt(lx.year_prefixes).replace(r"\ ", r"\s+")
    specs: list[tuple[str, str]] = [
        ("iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
        ("numeric", r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4}|\d{2})(?!\d))?"),
        ("dmy", rf"(?<![\d.])(?P<d>\d{{1,2}})\.?\s+{mon}(?:\s+(?P<y>\d{{4}}))?"),
        ("night", rf"(?:{night})\s+{wd}"),
        ("period_month", rf"{pp}\s+{mon}(?:\s+(?P<y>\d{{4}}))?"),
        ("period_rel", rf"{pp}\s+(?:(?:{arts})\s+)?(?:{rel}\s+)?{unit}"),
        ("period_year", rf"{pp}\s+(?P<y>\d{{4}})"),
        ("month_year", rf"(?:(?:{_alt(lx.month_preps)})\s+)?{mon}\s+(?P<y>\d{{4}})"),
        ("month", rf"(?P<prep>{_alt(lx.month_preps)})\s+{mon}"),
        ("weekday_part", rf"{wprep}{wd}{part}"),
        ("weekday", rf"{wprefix}{wd}"),
        ("dayword_part", rf"(?P<dw>{_alt(lx.day_offsets)})\s+{part}"),
        ("relunit", rf"(?:(?:im|in\s+der|am|an\s+diesem)\s+)?{rel}\s+{unit}"),
        ("ago", rf"(?P<dir>{_alt(lx.ago | lx.ahead)})\s+{num}\s+{unit}"),
        ("weekend", r"(?P<wrel>am|an\s+diesem)\s+(?P<unit>wochenende)"),
        ("year", rf"(?:{yearp})\s+(?P<y>\d{{4}})"),
        ("dayword", rf"(?P<dw>{_alt(lx.day_offsets)})"),
    ]
    return tuple(
        _Pattern(name, re.compile(rf"(?<!\w)(?:{rx})(?!\w)", re.IGNORECASE)) for name, rx in specs
    )


#: words before a capitalised "Morgen" that make it the part of day, not "tomorrow"
_NOT_TOMORROW = re.compile(r"(?:\b(?:am|den|dem|jeden|guten|eines|einen|diesen|vom|zum|bis)\s+)$", re.I)


@lru_cache(maxsize=4)
def _since_prefix(language: str) -> re.Pattern[str]:
    words = _alt(_lexicon(language).since)
    return re.compile(rf"(?<!\w)((?:{words})\s+(?:dem\s+)?)$", re.IGNORECASE)


def find_date_expressions(text: str, *, language: str = "de") -> list[tuple[int, int, str]]:
    """Every temporal expression in ``text`` as ``(start, end, expr)``, longest match first, no overlaps."""
    lx = _lexicon(language)
    cands: list[tuple[int, int, str]] = []
    for pat in _patterns(language):
        for m in pat.regex.finditer(text):
            s = m.group(0)
            if pat.name == "dayword":
                if s[0].isupper() and s.lower() == "morgen" and _NOT_TOMORROW.search(text[: m.start()]):
                    continue
            if pat.name == "dmy" and m.group("mon").lower() in lx.ambiguous_months and not m.group("y"):
                if "." not in text[m.start() : m.start() + 3]:
                    continue  # "2 Mai" without a day dot or year is too weak
            cands.append((m.start(), m.end(), s))
    since = _since_prefix(language)
    for k, (start, end, expr) in enumerate(cands):
        if expr[:1].isdigit():  # "seit dem 4. Februar": the preposition decides the reading, keep it
            m = since.search(text, 0, start)
            if m is not None and m.end() == start:
                cands[k] = (m.start(1), end, text[m.start(1):end])
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for c in cands:
        if c[0] >= last_end:
            out.append(c)
            last_end = c[1]
    return out


def resolve(
    expr: str,
    ref: date,
    *,
    ref_precision: str = "day",
    tense: str = "past",
    language: str = "de",
    near_future: bool = True,
) -> Resolved | None:
    """Resolve one German temporal expression against the reference (publication) date.

    Returns ``(value, granularity)`` (see the module docstring) or None when ``expr`` is not a temporal
    expression this module knows (or the date would fall outside years 1–9999). ``tense`` is "past"
    (default, news: weekdays and day words read backwards) or "future". A day or month without a year
    ("am 23. Dezember", "im März") goes to the nearer of its last and its coming occurrence;
    ``near_future=False`` says the sentence is in a past tense ("Am 15. Dezember wurde er festgenommen"):
    then the last one, unless it lies more than :data:`MAX_BACK_DAYS` before the reference; after "seit"
    always the last one; in the future reading the coming one.
    """
    lx = _lexicon(language)
    reading: Reading = "future" if tense == "future" else ("nearest" if near_future else "past")
    text = " ".join(expr.split())
    while text:
        for pat in _patterns(language):
            m = pat.regex.fullmatch(text)
            if m is not None:
                handler = _HANDLERS[pat.name]
                try:
                    return handler(m, ref, ref_precision, reading if handler in _YEARLESS else tense, lx)
                except (OverflowError, ValueError):  # a reference near year 1 or 9999
                    return None
        head, _, text = text.partition(" ")
        if head.lower() in lx.since:  # "seit dem 4. Februar": the last 4 February, however far back
            reading = "since"
        elif not (head.isalpha() and head.islower()):  # only leading prepositions are skipped: "am 3. Oktober"
            return None
    return None


# ----------------------------------------------------------------------------- handlers
def _coarse(ref: date, ref_precision: str) -> Resolved | None:
    """What a day-relative expression can say when the reference lacks the day."""
    if ref_precision == "month":
        return f"{ref.year:04d}-{ref.month:02d}", "month"
    if ref_precision == "year":
        return f"{ref.year:04d}", "year"
    return None


def _day(d: date) -> Resolved:
    return d.isoformat(), "day"


def _h_absolute(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    gd = m.groupdict()
    month = lx.months[gd["mon"].lower().rstrip(".")] if gd.get("mon") else int(gd["m"])
    day = int(gd["d"])
    if not 1 <= month <= 12:
        return None
    if gd.get("y"):
        try:
            return _day(date(_year(gd["y"]), month, day))
        except ValueError:
            return None
    if rp == "year":
        return f"{ref.year:04d}-{month:02d}-{day:02d}", "day"
    got = _day_month(ref if rp == "day" else date(ref.year, ref.month, 28), day, month, tense)
    return _day(got) if got else None


def _h_month(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved:
    month = lx.months[m.group("mon").lower().rstrip(".")]
    y = m.groupdict().get("y")
    reading = "since" if (m.groupdict().get("prep") or "").lower() in lx.since else tense
    year = _year(y) if y else _month_only(ref, month, reading)[0]
    return f"{year:04d}-{month:02d}", "month"


def _h_period_year(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved:
    return m.group("y"), "year"


def _shift(rel: str | None, lx: _Lexicon, tense: str) -> int:
    if rel is None:
        return 0
    r = rel.lower()
    if r in lx.past:
        return -1
    if r in lx.future:
        return 1
    return 0


def _h_relunit(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    unit = lx.units[m.group("unit").lower()]
    k = _shift(m.groupdict().get("rel"), lx, tense)
    if unit == "year":
        return f"{ref.year + k:04d}", "year"
    if unit == "month":
        y, mo = _add_months(ref.year, ref.month, k)
        return f"{y:04d}-{mo:02d}", "month"
    if rp != "day":
        return _coarse(ref, rp)
    if unit == "week":
        return _iso_week(ref + timedelta(weeks=k)), "week"
    if unit == "weekend":
        return _weekend(ref, k)
    if unit == "day":
        return _day(ref + timedelta(days=k))
    return None


def _weekend(ref: date, k: int) -> Resolved:
    """Past (k=0): this weekend on Sat/Sun, else the last one; k<0 the week before; k>0 the coming one."""
    if k < 0:
        base = ref - timedelta(weeks=1)
    elif k > 0:
        base = ref if ref.weekday() < 5 else ref + timedelta(weeks=1)
    else:
        base = ref if ref.weekday() >= 5 else ref - timedelta(weeks=1)
    return _iso_week(base) + "-WE", "weekend"


def _h_weekend(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    if rp != "day":
        return _coarse(ref, rp)
    return _weekend(ref, 1 if tense == "future" else 0)


def _h_period_rel(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    return _h_relunit(m, ref, rp, tense, lx)


def _weekday_how(prefix: str | None, lx: _Lexicon, tense: str) -> str:
    p = (prefix or "").lower()
    if p in lx.past:
        return "last"
    if p in lx.future:
        return "next"
    if p in lx.this:
        return "this"
    return tense


def _h_weekday(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    if rp != "day":
        return _coarse(ref, rp)
    wd = lx.weekdays[m.group("wd").lower()]
    return _day(_weekday(ref, wd, _weekday_how(m.groupdict().get("wrel"), lx, tense)))


def _h_weekday_part(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    if rp != "day":
        return _coarse(ref, rp)
    prefix = m.group(0)[: m.start("wd") - m.start(0)].strip() or None
    d = _weekday(ref, lx.weekdays[m.group("wd").lower()], _weekday_how(prefix, lx, tense))
    return f"{d.isoformat()}T{lx.parts[m.group('part').lower()]}", "part-of-day"


def _h_night(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    if rp != "day":
        return _coarse(ref, rp)
    d = _weekday(ref, lx.weekdays[m.group("wd").lower()], tense) - timedelta(days=1)
    return f"{d.isoformat()}TNI", "part-of-day"


def _h_dayword(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    if rp != "day":
        return _coarse(ref, rp)
    d = ref + timedelta(days=lx.day_offsets[m.group("dw").lower()])
    part = m.groupdict().get("part")
    if part:
        return f"{d.isoformat()}T{lx.parts[part.lower()]}", "part-of-day"
    return _day(d)


def _h_ago(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved | None:
    n_s = m.group("n").lower()
    n = int(n_s) if n_s.isdigit() else lx.numbers[n_s]
    sign = -1 if m.group("dir").lower() in lx.ago else 1
    unit = lx.units[m.group("unit").lower()]
    if unit == "year":
        return f"{ref.year + sign * n:04d}", "year"
    if unit == "month":
        y, mo = _add_months(ref.year, ref.month, sign * n)
        return f"{y:04d}-{mo:02d}", "month"
    if rp != "day":
        return _coarse(ref, rp)
    if unit == "week":
        return _iso_week(ref + timedelta(weeks=sign * n)), "week"
    return _day(ref + timedelta(days=sign * n))


def _h_year(m: re.Match[str], ref: date, rp: str, tense: str, lx: _Lexicon) -> Resolved:
    return m.group("y"), "year"


_Handler = Callable[[re.Match[str], date, str, str, _Lexicon], Resolved | None]
_HANDLERS: dict[str, _Handler] = {
    "iso": _h_absolute,
    "numeric": _h_absolute,
    "dmy": _h_absolute,
    "night": _h_night,
    "period_month": _h_month,
    "period_rel": _h_period_rel,
    "period_year": _h_period_year,
    "month_year": _h_month,
    "month": _h_month,
    "weekday_part": _h_weekday_part,
    "weekday": _h_weekday,
    "dayword_part": _h_dayword,
    "relunit": _h_relunit,
    "ago": _h_ago,
    "weekend": _h_weekend,
    "year": _h_year,
    "dayword": _h_dayword,
}

#: the handlers of dates that may lack a year (they take a reading, see _pick, instead of a tense)
_YEARLESS = (_h_absolute, _h_month)



def parse_reference(published: str | None) -> tuple[date, str] | None:
    """``Article.published`` ("2022-01-27" | "2022-01" | "2022") as a reference date and its precision."""
    if not published:
        return None
    parts = published.split("-")
    try:
        if len(parts) >= 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2][:2])), "day"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        return date(int(parts[0]), 1, 1), "year"
    except ValueError:
        return None
