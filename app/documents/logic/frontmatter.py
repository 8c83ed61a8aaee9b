"""The bundled document files: a `---` front-matter block of `key: value` lines, then Markdown.
A tiny pure parser (no YAML): values are plain strings, no nesting, no quoting rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .lifecycle import RevisionError, parse_revision

KINDS = ("rule", "manual", "procedure", "instruction", "form")
REQUIRED = ("kind", "number", "title", "revision", "effective_date")


class FrontMatterError(ValueError):
    pass


@dataclass
class VersionFile:
    kind: str
    number: str
    title: str
    revision: str
    effective_date: date
    content_md: str
    category: str = ""
    owner_office: str = ""
    review_interval_months: int = 12
    change_reason: str = ""
    iso_clause: str = ""
    distribution: str = "all"
    extra: dict = field(default_factory=dict)
    source: str = ""


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """'---\\nkey: value\\n---\\nbody' -> ({'key': 'value'}, 'body')."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError("文件缺少开头的 --- 元数据块。")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            body = "\n".join(lines[i + 1 :]).strip("\n")
            return meta, body + "\n" if body else ""
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise FrontMatterError(f"第 {i + 1} 行不是“键: 值”格式：{line.strip()}")
        value = value.strip()
        if key.strip() in meta:
            raise FrontMatterError(f"第 {i + 1} 行重复了键“{key.strip()}”。")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip()] = value
    raise FrontMatterError("元数据块没有以 --- 结束。")


def parse_version_file(text: str, source: str = "") -> VersionFile:
    meta, body = split_front_matter(text)
    missing = [k for k in REQUIRED if not meta.get(k)]
    if missing:
        raise FrontMatterError(f"{source}：缺少元数据 {', '.join(missing)}")
    if meta["kind"] not in KINDS:
        raise FrontMatterError(f"{source}：未知的 kind “{meta['kind']}”")
    try:
        parse_revision(meta["revision"])
    except RevisionError as exc:
        raise FrontMatterError(f"{source}：{exc}") from exc
    try:
        effective = date.fromisoformat(meta["effective_date"])
    except ValueError as exc:
        raise FrontMatterError(f"{source}：effective_date 应为 YYYY-MM-DD") from exc
    try:
        interval = int(meta.get("review_interval_months") or 12)
    except ValueError as exc:
        raise FrontMatterError(f"{source}：review_interval_months 应为整数") from exc
    known = {
        "kind",
        "number",
        "title",
        "revision",
        "effective_date",
        "category",
        "owner_office",
        "review_interval_months",
        "change_reason",
        "iso_clause",
        "distribution",
    }
    return VersionFile(
        kind=meta["kind"],
        number=meta["number"],
        title=meta["title"],
        revision=meta["revision"],
        effective_date=effective,
        content_md=body,
        category=meta.get("category", ""),
        owner_office=meta.get("owner_office", ""),
        review_interval_months=interval,
        change_reason=meta.get("change_reason", ""),
        iso_clause=meta.get("iso_clause", ""),
        distribution=meta.get("distribution") or "all",
        extra={k: v for k, v in meta.items() if k not in known},
        source=source,
    )
