"""Article numbering of a document's text (第X条): duplicated, missing or out-of-order numbers.
Pure: no Flask.

The article is recognised by app.core.cn_numerals.ARTICLE, the one definition that
app.rules.logic.articles.split_articles uses (the documents room cannot import the rules room:
rules imports documents). Heading lines (#) are never articles, as in split_articles.

    check("第一条 …\\n第七条 …\\n第七条 …") -> Numbering(duplicates=["第七条"], messages=[...])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.cn_numerals import ARTICLE, cn_to_int, int_to_cn


@dataclass
class Numbering:
    duplicates: list[str] = field(default_factory=list)  # labels written twice or more: "第七条"
    messages: list[str] = field(default_factory=list)  # every problem, in Chinese

    @property
    def ok(self) -> bool:
        return not self.messages


def check(markdown: str) -> Numbering:
    labels: list[tuple[str, int, str | None]] = []  # (label, number, suffix 之一 …)
    for raw in (markdown or "").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        m = ARTICLE.match(line)
        if m and cn_to_int(m["num"]) is not None:
            labels.append((m["label"], cn_to_int(m["num"]), m["suffix"]))
    out = Numbering()
    seen: dict[str, int] = {}
    for label, _, _ in labels:
        seen[label] = seen.get(label, 0) + 1
    for label, times in seen.items():
        if times > 1:
            out.duplicates.append(label)
            out.messages.append(f"条文编号重复：「{label}」出现 {times} 次。")
    expected = 1
    for label, n, suffix in labels:
        if suffix:  # 第十条之一 follows 第十条 and does not count in the sequence
            continue
        if n == expected:
            expected += 1
        elif n > expected:
            missing = [f"第{int_to_cn(k)}条" for k in range(expected, n)]
            shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
            out.messages.append(f"条文编号不连续：「{label}」之前缺少{shown}。")
            expected = n + 1
        elif label not in out.duplicates:
            out.messages.append(f"条文编号顺序颠倒：「{label}」出现在第{int_to_cn(expected - 1)}条之后。")
    return out
