"""Management review through the services on a real database: inputs gathered from the records by
clause of 9.3.2, the meeting, actions that open a nonconformity or a document revision, the .docx
report, and the next review starting from the open actions."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document as Docx

from app.extensions import db
from app.quality import queries
from app.quality.logic import reports
from app.quality.logic.reviews import compose
from app.quality.models import Nonconformity
from app.quality.services import nonconformities as nc_svc
from app.quality.services import reviews as svc
from app.quality.services.common import QualityError
from app.records.models import Rating
from tests.factories import approve, create_case

from .conftest import check_gbt9704, complaint


def test_compose_on_a_table():
    f = {
        "ratings_by_month": [["2026年1月", 10, 9, 1], ["2026年2月", 10, 10, 0]],
        "complaints": {"received": 3, "valid": 1},
        "commendations": 2,
        "cases": {"completed": 200, "on_time": 198, "received": 210, "instant": 105, "overdue_open": 1},
        "cases_by_month": [["2026年1月", 100, 99, 100, 50]],
        "previous_actions": [
            {
                "review": "GP-2025-01",
                "text": "增设导办台",
                "owner": "甲",
                "due": "2026-01-31",
                "state": "open",
                "state_label": "进行中",
            }
        ],
        "objectives": [{"name": "按时办结率", "target": 99.0, "met": 1, "missed": 1, "last": 98.0}],
    }
    out = compose(f)
    assert list(out)[0] == "9.3.2a" and len(out) == 12
    assert out["9.3.2c1"]["lines"][0] == "好差评 20 条，满意率 95%，差评 1 条。"
    assert out["9.3.2c1"]["lines"][1] == "满意率趋势（2026年1月至2026年2月）：上升（向好）。"
    assert "按时办结率 99%" in out["9.3.2c3"]["lines"][0] and "即办件占比 50%" in out["9.3.2c3"]["lines"][0]
    assert out["9.3.2a"]["rows"] == [["GP-2025-01", "增设导办台", "甲", "2026-01-31", "进行中"]]
    assert "有未达成月份的：按时办结率" in out["9.3.2c2"]["lines"][0]
    assert out["9.3.2c7"]["lines"] == ["记录中没有外部供方的绩效数据，请在会上补充。"]


@pytest.fixture
def year(qm):
    complaint(qm.center["wa"], date(2026, 2, 10), deadline=date(2026, 2, 20), replied=date(2026, 2, 18))
    for day, grade in [(5, 5), (6, 1), (7, 4)]:
        db.session.add(Rating(rated_on=date(2026, 1, day), grade=grade, window_id=qm.center["wa"].id))
    db.session.commit()
    create_case(qm.admin, qm.center["committed"], date(2026, 1, 5), done=date(2026, 1, 8))
    create_case(qm.admin, qm.center["instant"], date(2026, 1, 6))
    create_case(qm.admin, qm.center["committed"], date(2026, 1, 7), done=date(2026, 2, 20))  # completed late: went red
    create_case(qm.admin, qm.center["committed"], date(2026, 3, 2))  # still open past its due date: red
    nc = nc_svc.open_nc(
        qm.manager,
        source="complaint",
        title="推诿不办",
        window_id=qm.center["wa"].id,
        iso_clause="8.2.1",
        found_on=date(2026, 2, 12),
        today=date(2026, 2, 12),
    )
    db.session.commit()
    qm.nc = nc
    return qm


def test_review_gathers_holds_acts_and_reports(year, app, tmp_path):
    t = year
    r = svc.create(t.manager, date(2026, 1, 1), date(2026, 3, 31))
    db.session.commit()
    ins = svc.inputs(r)
    assert r.number == "GP-2026-01" and r.previous_id is None and r.inputs_gathered_at
    assert "效能投诉 1 件，其中属实 1 件" in ins["9.3.2c1"]["lines"][-1]
    assert ins["9.3.2c1"]["lines"][0] == "好差评 3 条，满意率 66.7%，差评 1 条。"
    assert (
        "收件 4 件，即办件占比 25%" in ins["9.3.2c3"]["lines"][0]
        and "期末超期未办结 2 件" in ins["9.3.2c3"]["lines"][0]
    )
    assert (
        ins["9.3.2c3"]["lines"][1] == f"超过承诺时限（亮红灯）最多的窗口：{t.center['wa'].label}（3 件）。"
    )  # late, open and the unfinished 即办件
    assert [row[0] for row in ins["9.3.2c4"]["rows"]] == [t.nc.number]
    assert "投诉按期办结率 100%" in ins["9.3.2c5"]["lines"][0]
    assert "本次为首次管理评审" in ins["9.3.2a"]["lines"][0]

    svc.note_input(t.manager, r, "9.3.2c7", "本期无外包服务。", row_version=r.row_version)
    with pytest.raises(QualityError, match="评审期结束之后"):
        svc.hold(t.manager, r, date(2026, 3, 30), "周立衡", "各科室负责人", "体系适宜", row_version=r.row_version)
    with pytest.raises(QualityError, match="召开后"):
        svc.add_action(t.manager, r, "x", "improvement", t.manager.id, date(2026, 5, 1))
    svc.hold(
        t.manager,
        r,
        date(2026, 4, 8),
        "周立衡",
        "周立衡、贺质量、林作者",
        "体系总体适宜、充分、有效。",
        row_version=r.row_version,
    )
    a_nc = svc.add_action(
        t.manager,
        r,
        "综合窗口引导不到位，开具不合格",
        "improvement",
        t.manager.id,
        date(2026, 6, 30),
        opens="nc",
        today=date(2026, 4, 8),
    )
    a_doc = svc.add_action(
        t.manager,
        r,
        "修订窗口服务规定，写明首问转办时限",
        "change",
        t.author.id,
        date(2026, 5, 31),
        opens="revision",
        document_number=t.rule.number,
    )
    a_plain = svc.add_action(t.manager, r, "增配一台自助取号机", "resource", t.manager.id, date(2026, 5, 15))
    db.session.commit()
    nc = db.session.get(Nonconformity, a_nc.nc_id)
    assert nc.source == "review" and nc.review_action_id == a_nc.id and nc.found_on == date(2026, 4, 8)
    assert a_doc.revision is None and a_doc.document_number == t.rule.number  # the quality manager edits no documents
    with pytest.raises(QualityError, match="先发起修订"):
        svc.complete_action(t.author, a_doc, "已修订", row_version=a_doc.row_version)
    a_doc = svc.open_action_revision(t.author, a_doc)  # the owner, of the document team, starts the draft
    db.session.commit()
    assert a_doc.revision.status == "draft" and r.number in a_doc.revision.change_reason
    with pytest.raises(QualityError, match="尚未批准"):
        svc.complete_action(t.author, a_doc, "已修订", row_version=a_doc.row_version)
    with pytest.raises(QualityError, match="措施负责人"):
        svc.complete_action(t.window, a_plain, "x", row_version=a_plain.row_version)
    assert svc.inputs(r)["9.3.2c7"]["manual"] == "本期无外包服务。"  # kept through the meeting's re-gathering
    svc.issue_minutes(t.manager, r, row_version=r.row_version, today=date(2026, 4, 10))
    db.session.commit()

    data = reports.review_report(queries.review_report_data(r, app.config["CENTER_NAME"])).getvalue()
    check_gbt9704(data, tmp_path)
    d = Docx(BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for tb in d.tables for row in tb.rows for c in row.cells)
    assert "管理评审报告" in text and "（c7）外部供方的绩效。" in text and "会议补充：本期无外包服务。" in text
    assert "增配一台自助取号机" in cells and nc.number in cells and t.rule.number in cells

    # the revision is approved, the action is done; the next review starts from what is still open
    approve(t, a_doc.revision, effective_date=date(2026, 5, 1))
    svc.complete_action(t.author, a_doc, "新版已发布", row_version=a_doc.row_version, today=date(2026, 5, 2))
    db.session.commit()
    r2 = svc.create(t.manager, date(2026, 4, 1), date(2026, 9, 30))
    db.session.commit()
    assert r2.previous_id == r.id and r2.number == "GP-2026-02"
    prev = svc.inputs(r2)["9.3.2a"]
    assert prev["lines"][0] == "以往管理评审措施 3 项：已完成 1 项，未完成 2 项。"
    assert {row[1]: row[4] for row in prev["rows"]}["修订窗口服务规定，写明首问转办时限"] == "已完成"
    assert [a.text for a in queries.carried_actions(r2)] == ["综合窗口引导不到位，开具不合格", "增配一台自助取号机"]
    assert [row[1] for row in svc.inputs(r2)["9.3.2b"]["rows"]] == [a_doc.revision.revision]  # the change it made

    # closing the nonconformity a review opened finishes that action
    for step, values in [
        ("correction", {"correction": "增设引导员"}),
        ("root_cause", {"cause_method": "5why", "root_cause": "无引导岗"}),
        ("action", {"action_plan": "设岗", "action_owner_id": t.manager.id, "action_due_on": date(2026, 5, 10)}),
        ("verification", {"verification_note": "已设岗"}),
    ]:
        nc_svc.complete_step(t.manager, nc, step, values, today=date(2026, 5, 1))
    nc_svc.check_effectiveness(t.manager, nc, "无复发", 0, today=date(2026, 8, 5))
    nc_svc.close(t.manager, nc, t.password, today=date(2026, 8, 5))
    db.session.commit()
    assert a_nc.state == "done" and nc.number in a_nc.done_note


def test_objective_measures_from_the_records(qm):
    """按时办结率, 即办件占比 and 投诉按期办结率 by month, as the objectives compute them."""
    create_case(qm.admin, qm.center["committed"], date(2026, 1, 5), done=date(2026, 1, 8))  # on time, January
    create_case(qm.admin, qm.center["committed"], date(2026, 1, 7), done=date(2026, 2, 20))  # late, February
    create_case(qm.admin, qm.center["instant"], date(2026, 1, 6))
    complaint(qm.center["wa"], date(2026, 1, 10), deadline=date(2026, 1, 20), replied=date(2026, 1, 18))
    complaint(
        qm.center["wa"], date(2026, 1, 12), number="TS-2026-002", deadline=date(2026, 1, 26), replied=date(2026, 1, 27)
    )
    got = {
        m: {k: (v.numerator, v.denominator, v.value) for k, v in queries.measure_by_month(m, 2026).items()}
        for m in ("on_time_rate", "instant_share", "complaint_on_time")
    }
    assert got["on_time_rate"] == {1: (1, 1, 100.0), 2: (0, 1, 0.0)}
    assert got["instant_share"] == {1: (1, 3, 33.3)}
    assert got["complaint_on_time"] == {1: (1, 2, 50.0)}
