"""The hall's procedures in a window's monthly scoring: 推诿 → S3, a second 补正 asking for a
material the first notice missed → E5, a deemed co-window stage → E1 on the late window, a
complaint through the five steps to a 责任追究 decision, and the 差评 rectification rate."""

from datetime import datetime

import pytest

from app.assessment.logic import schemes as sch
from app.assessment.queries import records as sources
from app.assessment.services import scheme_versions as schemes
from app.assessment.services import sheets as assessment
from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.documents.models import APPROVED, Document, DocumentVersion
from app.extensions import db
from app.hall.logic import complaints as cr
from app.hall.services import complaints, first_contact, joint, ratings, supplement
from app.records.services import cases as case_services


@pytest.fixture
def rule(hall):
    return _rule(hall, sch.BUNDLED["B/0"]())


def _rule(hall, scheme):
    from datetime import date

    doc = Document(kind="rule", number=sch.RULE_NUMBER, seq=17, title=sch.RULE_TITLE)
    db.session.add(doc)
    db.session.flush()
    dv = DocumentVersion(
        document=doc,
        revision="B/0",
        content_md="# B/0\n\n第一条　示例。",
        status=APPROVED,
        effective_date=date(2024, 1, 1),
        change_reason="测试",
    )
    db.session.add(dv)
    db.session.flush()
    schemes.attach(hall.admin, dv, scheme)
    db.session.commit()


def _case(hall, on, user=None, window=None):
    c = case_services.register_case(
        user or hall.a,
        hall.item,
        datetime.combine(on, datetime.min.time()).replace(hour=9),
        "沐川食品商行",
        window_id=(window or hall.wa).id,
        handler_staff_id=hall.staff[0].id,
    )
    db.session.commit()
    return c


def _month_of_records(hall):
    today = local_today()
    # 推诿: window A hands on, window B confirms and hands on again without an answer
    c = first_contact.record_contact(hall.a, "乔木", "咨询经营许可")
    first_contact.hand_over(hall.a, c, hall.wb.id, "属食品许可", c.row_version)
    first_contact.confirm(hall.b, c, c.row_version)
    first_contact.hand_over(hall.b, c, hall.wa.id, "属企业登记", c.row_version)
    # a second 补正 on window A asking for a material the first notice did not list
    case = _case(hall, today)
    supplement.issue(hall.a, case, {"form", "license", "id"}, today, case.row_version)
    case_services.step(hall.a, case, "supplement_done", today, expected_version=case.row_version)
    supplement.issue(hall.a, case, {"form", "plan"}, today, case.row_version)
    # a joint case led by window B whose co-window A stays silent past its limit
    start = add_workdays(today, -3)  # limit 2: due yesterday, deemed to consent from today
    led = _case(hall, start, user=hall.b, window=hall.wb)
    case_services.step(hall.b, led, "accept", start)
    joint.make_joint(hall.b, led, [(hall.wa.id, 2)], started_on=start)
    joint.sweep_deemed(today)
    # a complaint about window A through to a 通报批评
    comp = complaints.register(
        hall.evaluator,
        today,
        "phone",
        "秦岭",
        "",
        "推诿不办",
        window_id=hall.wa.id,
        staff_id=hall.staff[0].id,
        investigator_id=hall.evaluator.id,
    )
    for step, kw in (
        (cr.ACCEPT, {}),
        (cr.INVESTIGATE, {"finding": cr.UPHELD, "note": "属实"}),
        (cr.HANDLE, {"result": "通报批评"}),
    ):
        complaints.do_step(hall.evaluator, comp, step, today, comp.row_version, **kw)
    complaints.decide(hall.evaluator, comp, "circulated", today, note="大厅内通报")
    # an upheld 差评, not yet rectified
    done = _case(hall, today)
    case_services.step(hall.a, done, "accept", today)
    case_services.step(hall.a, done, "complete", today, outcome="approved")
    r = ratings.rate_case(hall.a, done, 1, today)
    ratings.verify(hall.evaluator, r, "attitude", True, today, r.row_version, note="属实")
    db.session.commit()
    return comp, led


def test_month_figures_carry_the_hall_proposals_on_the_charged_windows(hall):
    comp, led = _month_of_records(hall)
    today = local_today()
    a = sources.month_figures(hall.wa.id, today.year, today.month)
    b = sources.month_figures(hall.wb.id, today.year, today.month)
    by_a = {}
    for p in a.proposals:
        by_a.setdefault(p.source, []).append(p)
    assert [p.note for p in by_a["supplement_breach"]][0].endswith("营业执照、法定代表人身份证明")
    assert any(led.number in p.note and "超时默许" in p.note for p in by_a["overdue"])
    assert [p.note for p in by_a["accountability"]] == [f"责任追究：通报批评（投诉 {comp.number}）"]
    assert by_a["accountability"][0].staff_id == hall.staff[0].id
    assert by_a["accountability"][0].evidence == [{"kind": "complaints", "id": comp.id, "label": f"投诉 {comp.number}"}]
    assert by_a["supplement_breach"][0].evidence[0]["kind"] == "case"
    assert "shirking" not in by_a  # the second hand-over was window B's
    shirks = [p for p in b.proposals if p.source == "shirking"]
    assert len(shirks) == 1 and shirks[0].staff_id == hall.staff[1].id
    assert not [p for p in b.proposals if p.source in ("overdue", "supplement_breach")]
    assert a.bad_rectify_rate is None  # the upheld 差评 is not due for 15 working days


def test_propose_puts_them_on_the_items_rule_17_names(hall, rule):
    _month_of_records(hall)
    today = local_today()
    m = assessment.open_month(hall.evaluator, today.year, today.month)
    sheet_a = next(s for s in m.sheets if s.window_id == hall.wa.id)
    sheet_b = next(s for s in m.sheets if s.window_id == hall.wb.id)
    assessment.propose(hall.evaluator, sheet_a, sheet_a.row_version)
    assessment.propose(hall.evaluator, sheet_b, sheet_b.row_version)
    codes_a = {e.source: e.item_code for e in sheet_a.entries}
    codes_b = {e.source: e.item_code for e in sheet_b.entries}
    assert codes_a["supplement_breach"] == "E5" and codes_a["valid_complaints"] == "S5"
    assert "accountability" not in codes_a  # SF-ZD-017 names no item for it (see app/hall/scoring.py)
    assert any(e.item_code == "E1" and "超时默许" in e.note for e in sheet_a.entries)
    assert codes_b["shirking"] == "S3"


def test_a_centers_scheme_item_for_accountability_takes_the_decision(hall):
    """SF-ZD-017 names no item for 责任追究 decisions; a center whose scheme gives one the source
    "accountability" gets the decision on the sheet, with the complaint linked."""
    data = sch.to_dict(sch.BUNDLED["B/0"]())
    service = next(c for c in data["categories"] if c["code"] == "S")
    service["items"] = list(service["items"]) + [
        {
            "code": "S6",
            "name": "受到通报批评及以上责任追究",
            "points": 3,
            "unit": "time",
            "source": "accountability",
            "article": "第九条",
        }
    ]
    _rule(hall, sch.from_dict(data))
    comp, _ = _month_of_records(hall)
    today = local_today()
    m = assessment.open_month(hall.evaluator, today.year, today.month)
    sheet = next(s for s in m.sheets if s.window_id == hall.wa.id)
    assessment.propose(hall.evaluator, sheet, sheet.row_version)
    entry = next(e for e in sheet.entries if e.source == "accountability")
    assert entry.item_code == "S6" and comp.number in entry.note and entry.staff_id == hall.staff[0].id
