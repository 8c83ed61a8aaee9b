"""The scheme edit form as flat fields (w-D, p-D1, m-E4, a-D1, rf-threshold, ms-min_score ...):
scheme → field values, and field values applied to a scheme. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import fields

from .schemes import ExemplarRules, RedFlagRules, Scheme, SchemeError, from_dict, to_dict

PERCENT = {"rf-share", "ms-quota_share", "chief_rep_share", "ms-min_vote_share"}


def _fmt(x) -> str:
    if isinstance(x, bool):
        return "1" if x else ""
    if isinstance(x, float):
        return f"{x:g}"
    return "" if x is None else str(x)


def values_of(scheme: Scheme) -> dict[str, str]:
    """The form's field values for a scheme (percentages shown as 10, not 0.1)."""
    v = {
        "name": scheme.name,
        "bonus_cap": _fmt(scheme.bonus_cap),
        "chief_rep_share": _fmt(scheme.chief_rep_share * 100),
        "one_charge_per_case": _fmt(scheme.one_charge_per_case),
    }
    for c in scheme.categories:
        v[f"w-{c.code}"] = _fmt(c.weight)
        for i in c.items:
            v[f"p-{i.code}"], v[f"m-{i.code}"], v[f"a-{i.code}"] = _fmt(i.points), _fmt(i.max_points), i.article
    for i in scheme.bonus_items:
        v[f"p-{i.code}"], v[f"m-{i.code}"], v[f"a-{i.code}"] = _fmt(i.points), _fmt(i.max_points), i.article
    for prefix, obj in (("rf", scheme.red_flag), ("ms", scheme.exemplars)):
        for f in fields(obj):
            value = getattr(obj, f.name)
            key = f"{prefix}-{f.name}"
            v[key] = _fmt(value * 100 if key in PERCENT else value)
    return v


def _number(form: dict, key: str, label: str, errors: list[str], optional: bool = False):
    raw = (form.get(key) or "").strip()
    if raw == "":
        if optional:
            return None
        errors.append(f"请填写{label}。")
        return None
    try:
        return float(raw)
    except ValueError:
        errors.append(f"{label}“{raw}”不是数字。")
        return None


def apply(base: Scheme, form: dict) -> Scheme:
    """A new scheme: `base` with the numbers and texts of the form. Raises SchemeError listing
    every field that is wrong, then whatever the scheme's own validation finds."""
    errors: list[str] = []
    d = to_dict(base)
    d["name"] = (form.get("name") or "").strip() or base.name
    d["one_charge_per_case"] = bool(form.get("one_charge_per_case"))
    for key, label in (("bonus_cap", "加分上限"), ("chief_rep_share", "首席代表连带比例")):
        value = _number(form, key, label, errors)
        if value is not None:
            d[key] = value / 100 if key in PERCENT else value
    for c in d["categories"]:
        w = _number(form, f"w-{c['code']}", f"“{c['name']}”的分值", errors)
        if w is not None:
            c["weight"] = w
        for i in c["items"]:
            _apply_item(i, form, errors)
    for i in d["bonus_items"]:
        _apply_item(i, form, errors)
    for prefix, cls, section in (("rf", RedFlagRules, "red_flag"), ("ms", ExemplarRules, "exemplars")):
        for f in fields(cls):
            key = f"{prefix}-{f.name}"
            current = d[section][f.name]
            if isinstance(current, bool):
                d[section][f.name] = bool(form.get(key))
            elif isinstance(current, str):
                d[section][f.name] = (form.get(key) or current).strip()
            else:
                value = _number(form, key, key, errors)
                if value is not None:
                    value = value / 100 if key in PERCENT else value
                    d[section][f.name] = int(value) if isinstance(current, int) else value
    if errors:
        raise SchemeError("；".join(errors))
    return from_dict(d)


def _apply_item(i: dict, form: dict, errors: list[str]) -> None:
    p = _number(form, f"p-{i['code']}", f"“{i['name']}”的分值", errors)
    if p is not None:
        i["points"] = p
    if f"m-{i['code']}" in form:
        i["max_points"] = _number(form, f"m-{i['code']}", f"“{i['name']}”的最高分值", errors, optional=True)
    if f"a-{i['code']}" in form:
        i["article"] = (form.get(f"a-{i['code']}") or "").strip()
