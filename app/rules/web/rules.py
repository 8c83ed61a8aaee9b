"""The center's rules (规章制度) seen as rules: the rule list, a rule's articles, and the
printable compilation (制度汇编) of every rule in force. A county's or township's rules include
those handed down from the centers above (issue 13 item 2), in the text that applies there."""

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user

from ...auth.permissions import handed_down_center_ids, permission_required
from ...core.timeutil import local_today
from ...documents.queries import center_names, in_force_here, rule_here
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
    versions = in_force_here(day, handed_down_center_ids(current_user), kind="rule")
    return render_template("rules/index.html", groups=_grouped(versions), day=day, total=len(versions))


@permission_required("documents.view")
def compilation():
    day = _day()
    versions = in_force_here(day, handed_down_center_ids(current_user), kind="rule", with_content=True)
    return render_template("rules/compilation.html", versions=versions, day=day)


@permission_required("documents.view")
def rule(doc_id):
    day = _day()
    doc, got = rule_here(doc_id, day, handed_down_center_ids(current_user))
    if got is None or got.text_version is None:
        abort(404)
    return render_template("rules/rule.html", **_rule_page(doc, got, day))


def _rule_page(doc, got, day) -> dict:
    """The rule's articles in the text that applies here; a rule handed down names its issuer."""
    articles = split_articles(got.text_version.content_md)
    above = doc.center_id != current_user.center_id
    return dict(
        doc=doc,
        version=got.text_version,
        got=got,
        day=day,
        groups=chapters(articles),
        count=len(articles),
        issuer=center_names([doc.center_id]).get(doc.center_id, "") if above else "",
    )
