"""Similar nonconformities (ISO 9001 10.2.1 b 3: "whether similar nonconformities exist").

A candidate is similar when it shares the place (window or department), the requirement (ISO
clause or rule article) or enough words of the description. Pure: plain values in, ranked out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NcFacts:
    id: int
    number: str
    window_id: int | None
    department_id: int | None
    iso_clause: str
    rule_ref: str  # "SF-ZD-017 第十条" or ""
    text: str


def _bigrams(text: str) -> set[str]:
    chars = [c for c in (text or "") if not c.isspace() and c not in "，。；：、（）()《》“”\"',.;:"]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def score(a: NcFacts, b: NcFacts) -> tuple[float, list[str]]:
    """(score, reasons in Chinese) for how alike two nonconformities are."""
    reasons, s = [], 0.0
    if a.window_id and a.window_id == b.window_id:
        s += 2
        reasons.append("同一窗口")
    elif a.department_id and a.department_id == b.department_id:
        s += 1
        reasons.append("同一进驻单位")
    if a.iso_clause and a.iso_clause == b.iso_clause:
        s += 1.5
        reasons.append(f"同一条款 {a.iso_clause}")
    if a.rule_ref and a.rule_ref == b.rule_ref:
        s += 2
        reasons.append(f"同一制度条文 {a.rule_ref}")
    ga, gb = _bigrams(a.text), _bigrams(b.text)
    if ga and gb:
        overlap = len(ga & gb) / min(len(ga), len(gb))
        if overlap >= 0.3:
            s += 2 * overlap
            reasons.append(f"描述相近（{overlap:.0%}）")
    return s, reasons


def similar(target: NcFacts, candidates, threshold: float = 2.0, limit: int = 5) -> list[tuple[NcFacts, list[str]]]:
    """The candidates most like `target` (itself excluded), best first."""
    scored = []
    for c in candidates:
        if c.id == target.id:
            continue
        s, why = score(target, c)
        if s >= threshold:
            scored.append((s, c.id, c, why))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    return [(c, why) for _s, _id, c, why in scored[:limit]]
