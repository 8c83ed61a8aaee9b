"""The demo city's rules handed down (issue 13 item 2), for `flask demo load --city` (app/cli.py
calls `load_handed_down_demo(city, counties)` after every room's loaders have run in every center).

The city issues 《示范市窗口服务“好差评”回访规定》 (in force since 60 days ago); the first county
adds a 补充规定 (in force since 30 days ago), the second county (or the first, when there is only
one) a 本地版本 (in force since 20 days ago). Each goes through the real services of its own
center: drafted by its document manager, reviewed and approved with electronic signatures by the
rule kind's configured reviewer and approver (the demo password). Invented text; idempotent (the
city rule is found by its title, a county's variant by the rule it belongs to)."""

from __future__ import annotations

from datetime import timedelta

from ..auth.logic.passwords import DEMO_PASSWORD
from ..auth.models import User
from ..auth.roles import ADMIN, DOC_MANAGER
from ..centers.context import acting_in
from ..core.timeutil import local_today
from ..extensions import db
from .logic import handed_down as hd
from .logic import lifecycle as lc
from .models import Document
from .services import create_document, kind_setting, sign, submit
from .services.handed_down import attach_variant

CITY_TITLE = "示范市窗口服务“好差评”回访规定"
CITY_TEXT = """## 第一章 总则

第一条　为了规范政务服务“好差评”的回访工作，及时整改差评，制定本规定。

第二条　本规定适用于全市各级政务服务中心和便民服务中心。

## 第二章 回访

第三条　收到差评后，窗口所属单位应当在 1 个工作日内与评价人联系，核实情况。

第四条　差评经核实属实的，应当在 5 个工作日内整改，并将整改情况告知评价人。

第五条　回访情况应当如实记录，记录保存不少于三年。

## 第三章 附则

第六条　本规定自发布之日起施行。
"""
SUPPLEMENT_TEXT = """第一条　本县乡镇便民服务中心收到的差评，由县政务服务中心统一回访。

第二条　回访电话应当录音，录音保存不少于一年。
"""
LOCAL_TEXT_CHANGES = ("1 个工作日", "当日")  # the county calls back the same day


def _signers():
    """(author, reviewer, approver) of rules in the current center, or None when not configured."""
    setting = kind_setting("rule")
    reviewers = [db.session.get(User, i) for i in setting.reviewer_id_list]
    reviewers = [u for u in reviewers if u is not None and u.active]
    approver = db.session.get(User, setting.approver_id) if setting.approver_id else None
    if not reviewers or approver is None:
        return None
    taken = {u.id for u in reviewers} | {approver.id}
    author = db.session.scalar(
        db.select(User)
        .where(User.active.is_(True), User.role.in_((DOC_MANAGER, ADMIN)), User.id.not_in(taken))
        .order_by(User.role != DOC_MANAGER, User.id)
        .limit(1)
    )
    return (author, reviewers, approver) if author is not None else None


def _approve(version, signers, effective):
    _, reviewers, approver = signers
    submit(signers[0], version)
    for reviewer in reviewers:
        sign(reviewer, version, DEMO_PASSWORD, lc.MEANING_REVIEWED)
    sign(approver, version, DEMO_PASSWORD, lc.MEANING_APPROVED, effective_date=effective, allow_past=True)


def _city_rule(city_id, today):
    with acting_in(city_id):
        rule = db.session.scalar(db.select(Document).where(Document.title == CITY_TITLE))
        if rule is not None:
            return rule
        signers = _signers()
        if signers is None:
            return None
        rule = create_document(signers[0], "rule", CITY_TITLE, "服务评价", "督查科", 12, "all", CITY_TEXT, "首次发布")
        _approve(rule.versions[0], signers, today - timedelta(days=60))
        db.session.commit()
        return rule


def _variant(county_id, rule, kind, text, effective):
    with acting_in(county_id):
        found = db.session.scalar(
            db.select(Document).where(Document.handed_down_from_id == rule.id, Document.variant_kind == kind)
        )
        if found is not None:
            return found
        signers = _signers()
        if signers is None:
            return None
        doc = attach_variant(signers[0], rule, kind, content_md=text, change_reason="结合本县实际")
        _approve(doc.versions[0], signers, effective)
        db.session.commit()
        return doc


def load_handed_down_demo(city, counties) -> dict:
    """The city rule, a county's supplement and a county's local version (idempotent). `city`: the
    city Center; `counties`: the county Centers below it. Returns what exists now, by name
    ("rule", "supplement", "local_version": Documents, or None where the center has no signers)."""
    today = local_today()
    counties = list(counties)
    rule = _city_rule(city.id, today)
    made = {"rule": rule, hd.SUPPLEMENT: None, hd.LOCAL_VERSION: None}
    if rule is None or not counties:
        return made
    made[hd.SUPPLEMENT] = _variant(counties[0].id, rule, hd.SUPPLEMENT, SUPPLEMENT_TEXT, today - timedelta(days=30))
    local_text = CITY_TEXT.replace(*LOCAL_TEXT_CHANGES)
    made[hd.LOCAL_VERSION] = _variant(counties[-1].id, rule, hd.LOCAL_VERSION, local_text, today - timedelta(days=20))
    return made
