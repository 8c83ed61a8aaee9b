"""How often one case is charged (issue 14): a case closed late is usually yellow and red in the
same month too; under the scheme's default rule it is charged once, under the heaviest of the
items it meets, and the proposal says so. Pure: works on any proposal objects with `source`,
`count`, `note` and `evidence` (a list of {"kind", "id", "label"})."""

from __future__ import annotations

from dataclasses import replace

LIGHT_SOURCES = ("overdue", "red", "yellow")


def charge_each_case_once(proposals: list, items: dict) -> list:
    """`items`: source -> (code, name, points) of the scheme item it feeds. Proposals from the
    lights keep only the cases for which their item is the heaviest; the others' notes name the
    cases taken out and the item they are charged under."""
    heaviest: dict[int, str] = {}
    under: dict[int, list[str]] = {}
    for p in proposals:
        if p.source in LIGHT_SOURCES and p.source in items:
            for ev in p.evidence:
                if ev["kind"] == "case":
                    under.setdefault(ev["id"], []).append(p.source)
                    current = heaviest.get(ev["id"])
                    if current is None or items[p.source][2] > items[current][2]:
                        heaviest[ev["id"]] = p.source
    out = []
    for p in proposals:
        cases = [ev for ev in p.evidence if ev["kind"] == "case"]
        if p.source not in LIGHT_SOURCES or p.source not in items or not cases:
            out.append(p)
            continue
        kept = [ev for ev in cases if heaviest[ev["id"]] == p.source]
        moved = [ev for ev in cases if heaviest[ev["id"]] != p.source]
        if not kept:
            continue
        note = f"电子监察记录 {len(kept)} 件"
        also = sorted({items[src][0] for ev in kept for src in under[ev["id"]] if src != p.source})
        if also:
            n = sum(1 for ev in kept if len(under[ev["id"]]) > 1)
            note += f"；其中 {n} 件也属{'、'.join(also)}，同一办件只计一次，按本项（较重）计扣"
        if moved:
            where = "、".join(f"{ev['label']}（按{items[heaviest[ev['id']]][0]}计）" for ev in moved)
            note += f"；另 {len(moved)} 件已按较重项目计扣，同一办件只计一次：{where}"
        out.append(replace(p, count=len(kept), evidence=kept, note=note))
    return out
