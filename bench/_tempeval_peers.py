"""Systems compared by ``bench/tempeval``: newsline and three peers.

Every system has the same shape:

``setup(nlp)``
    load what it needs (not timed as tagging; reported as set-up time);
    raise :class:`Unavailable` when it cannot run here.
``prepare(item)``
    per-document input built from the already parsed spaCy doc (not timed),
    e.g. sentence offsets for ctparse, a copy of the doc for timexy.
``tag(item, prepared)``
    the tagger itself (timed); returns a list of :class:`newsline.timeml.Timex`
    with character offsets into ``item.text``.

``item`` is a :class:`BenchDoc` (``text``, ``dct`` date, ``dct_datetime``,
``doc`` = ``nlp(text)``).

Adapters, kept small and stated here so the comparison can be judged:

* dateparser: ``dateparser.search.search_dates`` over the whole text with
  ``RELATIVE_BASE`` = DCT; each returned string is located in the text
  sequentially from the end of the previous one; the string is re-parsed
  with ``DateDataParser.get_date_data`` (same settings plus
  ``RETURN_TIME_AS_PERIOD``) to learn its granularity, so the value is
  ``YYYY`` / ``YYYY-MM`` / ``YYYY-Www`` / ``YYYY-MM-DD``, or type TIME with
  ``YYYY-MM-DDTHH:MM`` when the period is ``time``. dateparser has no
  durations or sets, so everything is DATE or TIME.
* ctparse: it parses a string into one best time expression, it does not
  search text. We run it over each spaCy sentence; when it returns a
  resolution with a span (``mstart``/``mend``, offsets into ctparse's
  pre-processed string, mapped back here), we record it and run it again on
  the text left of and right of that span (at most 8 expressions a
  sentence); matches that start or end inside a word are discarded (ctparse
  fires on "sa" in "same" as Saturday). Time → DATE ``YYYY[-MM[-DD]]`` or TIME ``YYYY-MM-DDTHH:MM``;
  Interval → its start; Duration → DURATION ``P<n>D`` etc. ``latent_time``
  is ctparse's default (True).
* timexy: the spaCy component (``nlp.create_pipe("timexy", config=
  {"kb_id_type": "timex3", "label": "timexy", "overwrite": False})``) run on
  a copy of the parsed doc with its entities cleared (what its README's
  ``before="ner"`` placement sees); entities labelled ``timexy`` are read from
  ``kb_id_`` (``TIMEX3 type="DATE" value="..."``). timexy writes dates with
  ``datetime.isoformat()``; a ``T00:00:00`` suffix on a DATE is dropped.
* newsline: ``newsline.nlp.timex.TimexTagger(lang="en").tag(text, dct,
  doc=doc)``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from newsline.timeml import Timex


class Unavailable(Exception):
    """The system cannot run in this environment (import failed etc.)."""


@dataclass
class BenchDoc:
    corpus: str
    name: str
    text: str
    dct: dt.date | None
    dct_datetime: dt.datetime | None
    doc: Any  # spaCy Doc
    gold: list[Timex]
    source: Any  # newsline.timeml.TimeMLDoc
    words: int


def _g(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def to_timex(obj: Any, text: str) -> Timex:
    s, e = int(_g(obj, "start")), int(_g(obj, "end"))
    typ = _g(obj, "type") or "DATE"
    typ = getattr(typ, "value", typ)  # enums
    return Timex(
        start=s,
        end=e,
        text=text[s:e],
        type=str(typ).upper(),
        value="" if _g(obj, "value") is None else str(_g(obj, "value")),
        mod=_g(obj, "mod") or None,
    )


class System:
    name = "?"

    def setup(self, nlp: Any) -> None:  # pragma: no cover - overridden
        pass

    def prepare(self, item: BenchDoc) -> Any:
        return None

    def tag(self, item: BenchDoc, prepared: Any) -> list[Timex]:  # pragma: no cover
        raise NotImplementedError


# --------------------------------------------------------------------------- newsline


class NewslineSystem(System):
    name = "newsline"

    def setup(self, nlp: Any) -> None:
        try:
            from newsline.nlp.timex import TimexTagger  # noqa: WPS433 (lazy on purpose)
        except Exception as exc:  # ImportError or a half-written module
            raise Unavailable(f"newsline.nlp.timex.TimexTagger not importable: {exc!r}") from exc
        self.tagger = TimexTagger(lang="en")

    def tag(self, item: BenchDoc, prepared: Any) -> list[Timex]:
        found = self.tagger.tag(item.text, item.dct, doc=item.doc)
        return [to_timex(t, item.text) for t in found or []]


# --------------------------------------------------------------------------- dateparser

_TIME_HINT = re.compile(r"\d:\d\d|\b[ap]\.?m\b|\bnoon\b|\bmidnight\b|o'clock", re.I)


class DateparserSystem(System):
    name = "dateparser"

    def setup(self, nlp: Any) -> None:
        try:
            from dateparser.date import DateDataParser
            from dateparser.search import search_dates
        except Exception as exc:
            raise Unavailable(f"dateparser not importable: {exc!r}") from exc
        self.search_dates = search_dates
        self.DateDataParser = DateDataParser
        self._parsers: dict[Any, Any] = {}
        # warm up (loads language data) outside the timed part
        search_dates("on 3 March 2001", languages=["en"])

    def _settings(self, base: dt.datetime | None) -> dict:
        s: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
        if base is not None:
            s["RELATIVE_BASE"] = base
        return s

    def _ddp(self, base: dt.datetime | None) -> Any:
        p = self._parsers.get(base)
        if p is None:
            p = self.DateDataParser(languages=["en"],
                                    settings={**self._settings(base), "RETURN_TIME_AS_PERIOD": True})
            self._parsers = {base: p}  # keep one, the current document's
        return p

    def tag(self, item: BenchDoc, prepared: Any) -> list[Timex]:
        text = item.text
        base = item.dct_datetime
        found = self.search_dates(text, languages=["en"], settings=self._settings(base)) or []
        out: list[Timex] = []
        pos = 0
        for s, d in found:
            i = text.find(s, pos)
            if i < 0:
                i = text.lower().find(s.lower(), pos)
            if i < 0:
                continue
            pos = i + len(s)
            # trim trailing/leading spaces and punctuation dateparser keeps ("hours, the")
            j, k = i, i + len(s)
            while j < k and not text[j].isalnum():
                j += 1
            while k > j and not text[k - 1].isalnum() and text[k - 1] not in ".":
                k -= 1
            if j >= k:
                continue
            period = None
            try:
                dd = self._ddp(base).get_date_data(s)
                if dd and dd.date_obj is not None:
                    d = dd.date_obj
                    period = dd.period
            except Exception:
                pass
            if period == "time" or (period is None and _TIME_HINT.search(s)):
                typ, value = "TIME", d.strftime("%Y-%m-%dT%H:%M")
            elif period == "year":
                typ, value = "DATE", f"{d.year:04d}"
            elif period == "month":
                typ, value = "DATE", f"{d.year:04d}-{d.month:02d}"
            elif period == "week":
                y, w, _ = d.isocalendar()
                typ, value = "DATE", f"{y:04d}-W{w:02d}"
            else:
                typ, value = "DATE", d.date().isoformat()
            out.append(Timex(start=j, end=k, text=text[j:k], type=typ, value=value))
        return out


# --------------------------------------------------------------------------- ctparse


def _ctparse_preprocess_map(txt: str) -> tuple[str, list[int]]:
    """ctparse's ``_preprocess_string`` with a map from new to original offsets."""
    import regex

    repl1 = regex.compile(r"[,;\pZ\pC\p{Ps}\p{Pe}]+", regex.VERSION1)
    repl2 = regex.compile(r"(\p{Pd}|[\u2010-\u2015]|\u2043)+", regex.VERSION1)

    def sub(s: str, idx: list[int], rx: Any, rep: str) -> tuple[str, list[int]]:
        out, oidx, last = [], [], 0
        for m in rx.finditer(s):
            out.append(s[last:m.start()])
            oidx.extend(idx[last:m.start()])
            out.append(rep)
            oidx.append(idx[m.start()])
            last = m.end()
        out.append(s[last:])
        oidx.extend(idx[last:])
        return "".join(out), oidx

    s, idx = sub(txt, list(range(len(txt))), repl1, " ")
    # .strip()
    lead = len(s) - len(s.lstrip())
    s, idx = s[lead:], idx[lead:]
    s = s.rstrip()
    idx = idx[: len(s)]
    s, idx = sub(s, idx, repl2, "-")
    lead = len(s) - len(s.lstrip())
    s, idx = s[lead:], idx[lead:]
    s = s.rstrip()
    return s, idx[: len(s)]


_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_DUR = {"minutes": ("PT", "M"), "hours": ("PT", "H"), "days": ("P", "D"), "nights": ("P", "D"),
        "weeks": ("P", "W"), "months": ("P", "M")}


def _ctparse_time_value(t: Any) -> tuple[str, str] | None:
    y, m, d, h, mi = t.year, t.month, t.day, t.hour, t.minute
    if y is not None and m is not None and d is not None:
        date = f"{y:04d}-{m:02d}-{d:02d}"
        if h is not None:
            return "TIME", f"{date}T{h:02d}:{(mi or 0):02d}"
        if t.POD and str(t.POD).lower() in _POD:
            return "TIME", f"{date}T{_POD[str(t.POD).lower()]}"
        return "DATE", date
    if y is not None and m is not None:
        return "DATE", f"{y:04d}-{m:02d}"
    if y is not None:
        return "DATE", f"{y:04d}"
    if h is not None:
        return "TIME", f"XXXX-XX-XXT{h:02d}:{(mi or 0):02d}"
    return None


class CtparseSystem(System):
    name = "ctparse"
    max_per_sentence = 8
    timeout = 1.0

    def setup(self, nlp: Any) -> None:
        try:
            from ctparse import ctparse
            from ctparse.types import Duration, Interval, Time
        except Exception as exc:
            raise Unavailable(f"ctparse not importable: {exc!r}") from exc
        import logging

        logging.getLogger("ctparse").setLevel(logging.ERROR)
        self.ctparse, self.Time, self.Interval, self.Duration = ctparse, Time, Interval, Duration
        ctparse("May 5th 2020", ts=dt.datetime(2020, 1, 1))  # load the model outside the timing

    def prepare(self, item: BenchDoc) -> Any:
        return [(s.start_char, s.end_char) for s in item.doc.sents]

    def _value(self, r: Any) -> tuple[str, str] | None:
        if isinstance(r, self.Time):
            return _ctparse_time_value(r)
        if isinstance(r, self.Interval):
            for t in (r.t_from, r.t_to):
                if t is not None:
                    v = _ctparse_time_value(t)
                    if v:
                        return v
            return None
        if isinstance(r, self.Duration):
            unit = getattr(r.unit, "value", str(r.unit))
            pre, suf = _DUR.get(unit, ("P", "D"))
            return "DURATION", f"{pre}{r.value}{suf}"
        return None

    def _segment(self, text: str, a: int, b: int, ts: Any, out: list[Timex], budget: list[int]) -> None:
        if budget[0] <= 0 or b - a < 2 or not any(c.isalnum() for c in text[a:b]):
            return
        budget[0] -= 1
        seg = text[a:b]
        p = self.ctparse(seg, ts=ts, timeout=self.timeout)
        if p is None or p.resolution is None:
            return
        r = p.resolution
        pre, idx = _ctparse_preprocess_map(seg)
        if not idx or r.mend <= r.mstart or r.mend > len(idx):
            return
        s = a + idx[r.mstart]
        e = a + idx[r.mend - 1] + 1
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not (text[e - 1].isalnum() or text[e - 1] == "."):
            e -= 1
        if e <= s:
            return
        # ctparse's regexes also fire inside words ("sa" in "same" -> Saturday);
        # keep only matches that begin and end on word boundaries of the text
        on_boundary = (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())
        v = self._value(r) if on_boundary else None
        if v:
            out.append(Timex(start=s, end=e, text=text[s:e], type=v[0], value=v[1]))
        self._segment(text, a, s, ts, out, budget)
        self._segment(text, e, b, ts, out, budget)

    def tag(self, item: BenchDoc, prepared: Any) -> list[Timex]:
        ts = item.dct_datetime or dt.datetime(2000, 1, 1)
        out: list[Timex] = []
        for a, b in prepared:
            self._segment(item.text, a, b, ts, out, [self.max_per_sentence])
        out.sort(key=lambda t: t.start)
        return out


# --------------------------------------------------------------------------- timexy


class TimexySystem(System):
    name = "timexy"

    def setup(self, nlp: Any) -> None:
        try:
            import timexy  # noqa: F401  (registers the "timexy" factory)
            from timexy.util import parse_timex3
        except Exception as exc:
            raise Unavailable(f"timexy not importable: {exc!r}") from exc
        self.parse_timex3 = parse_timex3
        self.label = "timexy"
        self.component = nlp.create_pipe(
            "timexy", config={"kb_id_type": "timex3", "label": self.label, "overwrite": False})

    def prepare(self, item: BenchDoc) -> Any:
        d = item.doc.copy()
        d.ents = []
        return d

    def tag(self, item: BenchDoc, prepared: Any) -> list[Timex]:
        d = self.component(prepared)
        out = []
        for ent in d.ents:
            if ent.label_ != self.label:
                continue
            kb = self.parse_timex3(ent.kb_id_) if ent.kb_id_.startswith("TIMEX3") else {}
            typ = kb.get("type", "DATE")
            value = kb.get("value", "")
            if typ == "DATE" and value.endswith("T00:00:00"):
                value = value[: -len("T00:00:00")]
            out.append(Timex(start=ent.start_char, end=ent.end_char, text=ent.text, type=typ, value=value))
        return out


SYSTEMS: dict[str, Callable[[], System]] = {
    "newsline": NewslineSystem,
    "dateparser": DateparserSystem,
    "ctparse": CtparseSystem,
    "timexy": TimexySystem,
}
