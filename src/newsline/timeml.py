"""TimeML reading and writing (TempEval-3 style documents).

``read_timeml`` turns a TimeML file into a :class:`TimeMLDoc`: the document id,
the document creation time (the ``TIMEX3`` with
``functionInDocument="CREATION_TIME"`` inside ``<DCT>``), the plain text of
``<TEXT>`` (every tag removed, entities unescaped, line ends normalised by the
XML parser) and the gold ``TIMEX3`` annotations of ``<TEXT>`` as character
offsets into that text.

``write_timeml`` does the reverse for a system's output: it writes a TimeML
document with the same ``DOCID``/``DCT`` header and a ``<TEXT>`` whose text
(tags stripped) is identical to the input, with our ``TIMEX3`` tags inserted
at our offsets. That is what the official TempEval-3 toolkit
(``TE3-evaluation.py``) needs: it refuses to score a system file whose
``<TEXT>`` differs from the gold one once tags are removed, and it reads
timexes with the regular expression ``<TIMEX3[^>]*>[^<]*</TIMEX3>`` (so tags
may not nest and attribute values may not hold a raw ``>``; we escape it).
The DCT keeps ``tid="t0"``, which that toolkit skips; our timexes are
numbered ``t1``, ``t2``, ... in text order.

``annotate_dir`` runs a tagger over every ``*.tml`` of a folder and writes
the annotated copies into another folder (used by ``newsline timeml``).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence
from xml.sax.saxutils import escape as _xml_escape

from lxml import etree

__all__ = [
    "Timex",
    "TimeMLDoc",
    "read_timeml",
    "write_timeml",
    "annotate_dir",
    "select_non_overlapping",
    "timeml_string",
]


@dataclass
class Timex:
    """One TIMEX3: ``text[start:end]`` of the document's plain text."""

    start: int
    end: int
    text: str = ""
    tid: str = ""
    type: str = "DATE"
    value: str = ""
    mod: str | None = None
    anchor_time_id: str | None = None
    temporal_function: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)  # every attribute as read


@dataclass
class TimeMLDoc:
    docid: str
    dct: _dt.date | None
    text: str
    timexes: list[Timex] = field(default_factory=list)
    dct_value: str = ""  # the DCT TIMEX3's value attribute, verbatim
    dct_type: str = "DATE"
    dct_text: str = ""  # the DCT TIMEX3's own text, e.g. "19980108"
    path: Path | None = None

    @property
    def dct_datetime(self) -> _dt.datetime | None:
        """The DCT as a datetime (the time part of the value when it has one)."""
        return _parse_dct_datetime(self.dct_value) if self.dct_value else (
            _dt.datetime(self.dct.year, self.dct.month, self.dct.day) if self.dct else None
        )


# --------------------------------------------------------------------------- reading


def _parse_dct_date(value: str) -> _dt.date | None:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value or "")
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _parse_dct_datetime(value: str) -> _dt.datetime | None:
    d = _parse_dct_date(value)
    if d is None:
        return None
    m = re.search(r"T(\d{2}):?(\d{2})(?::?(\d{2}))?", value)
    if m:
        try:
            return _dt.datetime(d.year, d.month, d.day, int(m.group(1)), int(m.group(2)),
                                int(m.group(3) or 0))
        except ValueError:
            pass
    return _dt.datetime(d.year, d.month, d.day)


def _local(tag: Any) -> str:
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def _timex_from_attrs(attrs: Mapping[str, str], start: int, end: int, text: str) -> Timex:
    a = {_local(k): v for k, v in attrs.items()}
    return Timex(
        start=start,
        end=end,
        text=text,
        tid=a.get("tid", ""),
        type=a.get("type", ""),
        value=a.get("value", ""),
        mod=a.get("mod"),
        anchor_time_id=a.get("anchorTimeID"),
        temporal_function=a.get("temporalFunction"),
        attrs=a,
    )


def _walk_text(elem: etree._Element, parts: list[str], pos: list[int], timexes: list[Timex]) -> None:
    """Append the text content of ``elem`` (not its tail) to ``parts``, collecting TIMEX3 spans."""
    start = pos[0]
    if elem.text:
        parts.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        if isinstance(child.tag, str):
            _walk_text(child, parts, pos, timexes)
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)
    if _local(elem.tag) == "TIMEX3":
        # the span's text is filled in by the caller once the whole text is known
        timexes.append(_timex_from_attrs(dict(elem.attrib), start, pos[0], ""))


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Read a TimeML file (TempEval-3 / TBAQ-cleaned layout)."""
    path = Path(path)
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
    root = etree.parse(str(path), parser).getroot()

    docid = ""
    dct_date: _dt.date | None = None
    dct_value = dct_type = dct_text = ""
    text_elem = None
    for elem in root.iter():
        name = _local(elem.tag)
        if name == "DOCID" and not docid:
            docid = "".join(elem.itertext()).strip()
        elif name == "TEXT" and text_elem is None:
            text_elem = elem
        elif name == "TIMEX3" and not dct_value:
            a = {_local(k): v for k, v in elem.attrib.items()}
            parent = elem.getparent()
            in_dct = parent is not None and _local(parent.tag) == "DCT"
            if a.get("functionInDocument") == "CREATION_TIME" or in_dct:
                dct_value = a.get("value", "")
                dct_type = a.get("type", "DATE")
                dct_text = "".join(elem.itertext())
                dct_date = _parse_dct_date(dct_value)
    if not docid:
        docid = path.stem

    text = ""
    timexes: list[Timex] = []
    if text_elem is not None:
        parts: list[str] = []
        _walk_text(text_elem, parts, [0], timexes)  # (the TEXT element's own tail is not part of the text)
        text = "".join(parts)
        for t in timexes:
            t.text = text[t.start:t.end]
        timexes.sort(key=lambda t: (t.start, -t.end))

    return TimeMLDoc(
        docid=docid,
        dct=dct_date,
        text=text,
        timexes=timexes,
        dct_value=dct_value,
        dct_type=dct_type or "DATE",
        dct_text=dct_text,
        path=path,
    )


# --------------------------------------------------------------------------- writing


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def select_non_overlapping(timexes: Iterable[Any], text_len: int | None = None) -> list[Any]:
    """Keep a deterministic set of non-overlapping spans.

    Spans with ``start >= end`` or outside ``[0, text_len]`` are dropped. The
    rest are ordered by (start, longer first, original position) and a span is
    kept when it starts at or after the end of the last kept span, so of two
    overlapping or nested spans the one starting first (or, on a tie, the
    longer) wins. The result is in text order.
    """
    cands = []
    for i, t in enumerate(timexes):
        try:
            s, e = int(_get(t, "start")), int(_get(t, "end"))
        except (TypeError, ValueError):
            continue
        if s < 0 or e <= s or (text_len is not None and e > text_len):
            continue
        cands.append((s, -e, i, t))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    kept: list[Any] = []
    last_end = -1
    for s, neg_e, _i, t in cands:
        if s >= last_end:
            kept.append(t)
            last_end = -neg_e
    return kept


def _attr(v: Any) -> str:
    return _xml_escape(str(v), {'"': "&quot;"})


def _norm_type(v: Any) -> str:
    s = str(v or "DATE").strip().upper()
    return s or "DATE"


def timeml_string(doc_or_fields: Any, timexes: Sequence[Any]) -> str:
    """The TimeML text that :func:`write_timeml` writes."""
    docid = str(_get(doc_or_fields, "docid", "") or "")
    text = str(_get(doc_or_fields, "text", "") or "")
    dct = _get(doc_or_fields, "dct")
    dct_value = _get(doc_or_fields, "dct_value") or ""
    if not dct_value and dct is not None:
        dct_value = dct.isoformat() if hasattr(dct, "isoformat") else str(dct)
    dct_type = _get(doc_or_fields, "dct_type") or ("TIME" if "T" in dct_value else "DATE")
    dct_text = _get(doc_or_fields, "dct_text") or dct_value

    out: list[str] = [
        '<?xml version="1.0" ?>\n',
        '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n\n',
        f"<DOCID>{_xml_escape(docid)}</DOCID>\n\n",
    ]
    if dct_value:
        out.append(
            f'<DCT><TIMEX3 tid="t0" type="{_attr(dct_type)}" value="{_attr(dct_value)}" '
            f'temporalFunction="false" functionInDocument="CREATION_TIME">'
            f"{_xml_escape(str(dct_text))}</TIMEX3></DCT>\n\n"
        )
    out.append("<TEXT>")
    pos = 0
    for n, t in enumerate(select_non_overlapping(timexes, len(text)), start=1):
        s, e = int(_get(t, "start")), int(_get(t, "end"))
        out.append(_xml_escape(text[pos:s]))
        attrs = f'tid="t{n}" type="{_attr(_norm_type(_get(t, "type")))}" value="{_attr(_get(t, "value") or "")}"'
        mod = _get(t, "mod")
        if mod:
            attrs += f' mod="{_attr(mod)}"'
        out.append(f"<TIMEX3 {attrs}>{_xml_escape(text[s:e])}</TIMEX3>")
        pos = e
    out.append(_xml_escape(text[pos:]))
    out.append("</TEXT>\n\n</TimeML>\n")
    return "".join(out)


def write_timeml(doc_or_fields: Any, timexes: Sequence[Any], path: str | Path) -> Path:
    """Write a TimeML document with ``timexes`` tagged into ``doc_or_fields.text``.

    ``doc_or_fields`` is a :class:`TimeMLDoc` or any object/mapping with
    ``docid``, ``text`` and ``dct`` (a date; ``dct_value``/``dct_type``/
    ``dct_text`` are used when present). ``timexes`` are objects or mappings
    with ``start``, ``end``, ``type``, ``value`` and optionally ``mod``.
    Overlapping or nested spans are resolved by :func:`select_non_overlapping`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(timeml_string(doc_or_fields, timexes), encoding="utf-8")
    return path


TagFn = Callable[[str, "_dt.date | None"], Sequence[Any]]


def annotate_dir(in_dir: str | Path, out_dir: str | Path, tag_fn: TagFn) -> list[Path]:
    """Tag every ``*.tml`` of ``in_dir`` with ``tag_fn(text, dct)`` and write the
    annotated documents to ``out_dir`` under the same file names (sorted order)."""
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for src in sorted(in_dir.glob("*.tml")):
        doc = read_timeml(src)
        found = tag_fn(doc.text, doc.dct) or []
        written.append(write_timeml(doc, list(found), out_dir / src.name))
    return written
