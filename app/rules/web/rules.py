"""The center's rules (规章制度) seen as rules: the rule list, a rule's articles, and the
printable compilation (制度汇编) of every rule in force."""

from datetime import date

from flask import abort, render_template, request

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...documents.queries import get_document, versions_in_force
from ...documents.services import version_in_force
from ..logic.articles import chapters, split_articles


def _day() -> date:
    try:
        return date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return local_today()


def _grouped(versions):
    groups: dict[str, list] = {}
    for v in versions:
        groups.setdefault(v.document.category or "其他", []).append(v)
    return sorted(groups.items())


@permission_required("documents.view")
def index():
    day = _day()
    versions = versions_in_force(day, kind="rule")
    return render_template("rules/index.html", groups=_grouped(versions), day=day, total=len(versions))


@permission_required("documents.view")
def compilation():
    day = _day()
    versions = versions_in_force(day, kind="rule", with_content=True)
    return render_template("rules/compilation.html", versions=versions, day=day)


@permission_required("documents.view")
def rule(doc_id):
    doc = get_document(doc_id)
    if doc is None or doc.kind != "rule":
        abort(404)
    day = _day()
    version = version_in_force(doc, day)
    if version is None:
        abort(404)
    articles = split_articles(version.content_md)
    return render_template(
        "rules/rule.html", doc=doc, version=version, day=day, groups=chapters(articles), count=len(articles)
    )
