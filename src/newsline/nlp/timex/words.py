"""The words the resolving operations consult (the `resolver:` section of `rules/<lang>.yaml`)."""

from __future__ import annotations

from typing import Any


class ResolverWords:
    """A language's words for the operations (the `resolver:` section of `rules/<lang>.yaml`).

    Maps are keyed by lower-case words; lists keep their order (prefix and substring tests)."""

    def __init__(self, data: dict[str, Any]):
        def strs(v: Any) -> tuple[str, ...]:
            return tuple(str(x) for x in v or ())

        self.deictic_days: dict[str, int] = {str(k): int(v) for k, v in (data.get("deictic_days") or {}).items()}
        self.deictic_pod: dict[str, str] = dict(data.get("deictic_pod") or {})
        self.named_times: dict[str, str] = {str(k): str(v) for k, v in (data.get("named_times") or {}).items()}
        self.pod_codes: dict[str, str] = dict(data.get("pod_codes") or {})
        self.weekdays: dict[str, int] = {str(k): int(v) for k, v in (data.get("weekdays") or {}).items()}
        self.pm_pods = strs(data.get("pm_pods"))
        self.anaphoric_pod = strs(data.get("anaphoric_pod"))
        self.pod_day_shift: dict[str, int] = {str(k): int(v) for k, v in (data.get("pod_day_shift") or {}).items()}
        self.edge_words: dict[str, str] = dict(data.get("edge_words") or {})
        self.edge_prefixes: dict[str, str] = dict(data.get("edge_prefixes") or {})
        self.open_range: dict[str, str] = dict(data.get("open_range") or {})
        self.approx_prefixes = strs(data.get("approx_prefixes"))
        self.holiday_rel_tense: dict[str, str] = dict(data.get("holiday_rel_tense") or {})
        self.anaphoric_words = strs(data.get("anaphoric_words"))
        self.weekday_rel_ana: dict[str, str] = dict(data.get("weekday_rel_anaphoric") or {})
        self.weekday_rel_dct: dict[str, str] = dict(data.get("weekday_rel_dct") or {})
        self.rel_units: dict[str, str] = dict(data.get("rel_units") or {})
        self.ana_dir: dict[str, int] = {str(k): int(v) for k, v in (data.get("ana_dir") or {}).items()}
        q = data.get("quarter") or {}
        self.q_year_back = strs(q.get("year_back"))
        self.q_year_forward = strs(q.get("year_forward"))
        self.q_plural = strs(q.get("plural"))
        self.q_this_year = strs(q.get("this_year"))
        self.q_ordinals: dict[str, int] = {str(k): int(v) for k, v in (q.get("ordinals") or {}).items()}
        self.q_latest = strs(q.get("latest"))
        self.q_latest_prefixes = strs(q.get("latest_prefixes"))
        self.q_current = strs(q.get("current"))
        self.q_this = strs(q.get("this"))
        self.q_previous = strs(q.get("previous"))
        self.q_back_prefixes = strs(q.get("back_prefixes"))
        self.ago_units: dict[str, str] = dict(data.get("ago_units") or {})
        self.ago_default_unit = str(data.get("ago_default_unit") or "")
        self.ago_past = strs(data.get("ago_past"))
        self.ago_anaphoric = strs(data.get("ago_anaphoric"))
        self.ago_approx = strs(data.get("ago_approx"))
        self.duration_units: dict[str, tuple[str, str]] = {
            str(k): (str(v[0]), str(v[1])) for k, v in (data.get("duration_units") or {}).items()}
        self.vague_unit_values: dict[str, str] = dict(data.get("vague_unit_values") or {})
        self.dur_half = strs(data.get("dur_half"))
        self.dur_mods: tuple[tuple[str, str], ...] = tuple((str(a), str(b)) for a, b in data.get("dur_mods") or ())
        self.dur_at_least = strs(data.get("dur_at_least"))
        self.vague_past_ref: dict[str, str] = dict(data.get("vague_past_ref") or {})
        self.every_n: dict[str, int] = {str(k): int(v) for k, v in (data.get("every_n") or {}).items()}
        self.set_default_unit = str(data.get("set_default_unit") or "")


_DEFAULT_WORDS: ResolverWords | None = None


def default_words() -> ResolverWords:
    """The English words, for callers that do not pass a language's `ResolverWords`."""
    global _DEFAULT_WORDS
    if _DEFAULT_WORDS is None:
        from .matcher import read_lang_file

        _DEFAULT_WORDS = ResolverWords(read_lang_file("en").get("resolver") or {})
    return _DEFAULT_WORDS
