"""Read-only: the articles an entry may cite, from the rules in force on the entry's date
(app/rules splits a rule version into its 第X条), and one citation resolved to the article's text
as it stood that day. A later revision of the rule never changes what an old entry cites: the
entry keeps the version and the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...centers.context import current_center_id
from ...core.cn_numerals import CN_NUM
from ...documents.models import DocumentVersion
from ...documents.queries import versions_in_force
from ...documents.services import find_by_number, version_in_force
from ...rules.logic.articles import split_articles
from ..logic.schemes import RULE_NUMBER
from .scheme_versions import scoring_rule_document

# "SF-ZD-035 第四条", "SF-ZD-035第四条", "第十条" (the scoring rule itself)
CITATION_RE = re.compile(rf"^\s*(?:([A-Za-z0-9][A-Za-z0-9\-/]*)\s*)?(第({CN_NUM})条)")


@dataclass(frozen=True)
class Cited:
    label: str  # as stored on the entry: "第十条" for SF-ZD-017's own articles, else "SF-ZD-035 第四条"
    version: DocumentVersion
    text: str  # the article's text in that version


def choices_on(day: date) -> list[tuple[str, str]]:
    """(citation, the article's opening words) for every article of every rule in force on `day`."""
    out = []
    versions = versions_in_force(day, kind="rule", with_content=True)
    scoring = scoring_rule_document()  # the city's SF-ZD-017 where the center scores by the city's scheme
    if scoring is not None and scoring.center_id != current_center_id():
        current = version_in_force(scoring, day)
        versions = [v for v in versions if v.document.number != RULE_NUMBER] + ([current] if current else [])
    for v in versions:
        for a in split_articles(v.content_md):
            words = re.sub(r"\s+", " ", a.text)[:48]
            out.append((f"{v.document.number} {a.label}", f"{v.document.title}（{v.revision}）{words}"))
    return out


def resolve(citation: str, day: date) -> Cited | None:
    """The article `citation` names in the version of its rule in force on `day`, or None."""
    m = CITATION_RE.match(citation or "")
    if m is None:
        return None
    number, label = (m.group(1) or RULE_NUMBER), m.group(2)
    doc = scoring_rule_document() if number == RULE_NUMBER else find_by_number(number)
    version = version_in_force(doc, day) if doc is not None else None
    if version is None:
        return None
    article = next((a for a in split_articles(version.content_md) if a.label == label), None)
    if article is None:
        return None
    return Cited(label if number == RULE_NUMBER else f"{number} {label}", version, article.text)
