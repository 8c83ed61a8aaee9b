"""Demo of the hall's procedures in the 示范市行政服务中心 (all names and texts invented).

Loads after the records demo (DOMAINS order), through the hall's services acting as the demo
admin, so every record carries its audit entries: material lists, 首问 records (answered, made
cases, one waiting for confirmation at window 2, one 推诿), 一次性告知书 (one second notice
flagged), joint cases (one agreed, one deemed consent, one running), a 上报件, complaints in each
step, 差评 through verification, rectification and call-back, one excluded, one under appeal.
Idempotent: skipped when 首问 records exist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import click
from flask import current_app
from sqlalchemy import select

from ..auth.models import User
from ..core import demoprofile
from ..core.timeutil import local_today, utcnow
from ..core.workdays import add_workdays
from ..extensions import db
from ..records.models import Case, ServiceItem, Window
from ..records.queries import revision_on
from ..records.services import cases as case_services
from .logic import complaints as cr
from .logic import quarterly as qrules
from .models import FirstContact, JointStage
from .services import complaints, devices, first_contact, joint, materials, outbox, quarterly, ratings, supplement

COMMON = [
    ("apply", "申请表", "original", 1, "申请表（空白表格可在窗口领取或网上下载）", "本事项办事指南“申请材料”第1项"),
    ("idcard", "申请人身份证明", "copy", 1, "", "本事项办事指南“申请材料”第2项"),
]
BY_KIND = {
    "许可": [
        ("site", "经营或办公场所使用证明", "copy", 1, "", "本事项办事指南“申请材料”第3项"),
        ("plan", "场所平面布局图", "original", 1, "平面图绘制示例", "本事项办事指南“申请材料”第4项"),
        ("rules", "管理制度文本", "original", 1, "", "本事项办事指南“申请材料”第5项"),
    ],
    "登记": [
        ("charter", "章程或协议", "original", 1, "章程参考文本", "本事项办事指南“申请材料”第3项"),
        ("address", "住所使用证明", "copy", 1, "", "本事项办事指南“申请材料”第4项"),
    ],
    "核准": [
        ("report", "项目申请报告", "original", 2, "申请报告编制提纲", "本事项办事指南“申请材料”第3项"),
        ("opinion", "选址或用地预审意见", "copy", 1, "", "本事项办事指南“申请材料”第4项"),
    ],
}
VISITORS = [
    "顾星澜",
    "言知夏",
    "祝清远",
    "满庭芳",
    "卓然",
    "穆青禾",
    "晏如",
    "苗一舟",
    "温以宁",
    "向晚晴",
    "舒云起",
    "池砚",
]
APPLICANTS = [
    "示范市青禾餐饮管理有限公司",
    "示范市云岫文化传媒有限公司",
    "示范市北辰建筑工程有限公司",
    "示范市木棉花食品商行",
    "示范市远山物流有限公司",
    "示范市星河科技有限公司",
    "示范市半亩田农业合作社",
]


def _kind(name: str) -> str:
    for k in BY_KIND:
        if k in name:
            return k
    return "登记"


def _at(day, hour=9, minute=30) -> datetime:
    return datetime.combine(day, time(hour, minute))


def load() -> None:
    if db.session.scalar(select(FirstContact.id).limit(1)) is not None:
        click.echo("窗口服务演示数据已存在，跳过。")
        return
    admin = db.session.scalar(select(User).where(User.username == demoprofile.login("admin")))
    evaluator = db.session.scalar(select(User).where(User.username == demoprofile.login("kaoping"))) or admin
    windows = db.session.scalars(select(Window).where(Window.voided_at.is_(None)).order_by(Window.id)).all()
    if admin is None or len(windows) < 3:
        click.echo("缺少演示账号或窗口，跳过窗口服务演示数据。")
        return
    today = local_today()
    items = _materials(admin)
    by_window: dict[int, list[ServiceItem]] = {}
    for it in items:
        by_window.setdefault(it.window_id, []).append(it)
    w1, w2 = windows[0], windows[1]
    item1 = (by_window.get(w1.id) or items)[0]
    item2 = (by_window.get(w2.id) or items)[0]
    n_contacts = _contacts(admin, windows, item1, item2, today)
    _notices(admin, items, today)
    _joint(admin, items, windows, today)
    _complaints(evaluator, windows, today)
    _ratings(admin, evaluator, items, today)
    _quarter(admin, evaluator, windows, today)
    tokens = [
        (d.name, t)
        for d, t in (
            devices.register(admin, f"{windows[0].label}评价器", "rating", windows[0].id),
            devices.register(admin, "大厅排队叫号机", "queue", windows[0].id),
        )
    ]
    db.session.commit()
    for name, token in tokens:
        click.echo(f"  演示设备“{name}”的接口令牌：{token}")
    click.echo(
        f"窗口服务演示数据：{len(items)} 个事项的材料目录、{n_contacts} 条首问登记、联办件、效能投诉与差评闭环。"
    )


def _materials(admin) -> list[ServiceItem]:
    items = db.session.scalars(
        select(ServiceItem).where(ServiceItem.voided_at.is_(None)).order_by(ServiceItem.id)
    ).all()
    chosen = []
    for it in items:
        rev = revision_on(it.id, local_today())
        if rev is not None and rev.handling_class == "instant":
            continue
        extra = BY_KIND[_kind(it.name)]
        rows = [
            dict(zip(("key", "name", "form", "count", "template", "legal_basis"), r, strict=False))
            for r in COMMON + extra
        ]
        materials.save_list(admin, it, datetime(2024, 1, 1).date(), rows[:-1], note="首版目录")
        materials.save_list(admin, it, datetime(2026, 3, 1).date(), rows, note="按最新办事指南增补材料")
        chosen.append(it)
        if len(chosen) >= 16:
            break
    db.session.flush()
    return chosen


def _contacts(admin, windows, item1, item2, today) -> int:
    w1, w2, w3 = windows[0], windows[1], windows[2]
    n = 0
    for i, who in enumerate(VISITORS[:8]):
        day = add_workdays(today, -(8 - i))
        w = windows[i % 4]
        c = first_contact.record_contact(
            admin,
            who,
            ["咨询办理所需材料", "询问办件进度", "了解收费标准", "咨询网上申报方式"][i % 4],
            window_id=w.id,
            at=_at(day, 9 + i % 6),
            visitor_phone=f"138{i:04d}6{i:04d}",
        )
        first_contact.answer(admin, c, "已当面告知并发放办事指南。", c.row_version)
        c.answered_on = day
        n += 1
    # a matter that belonged elsewhere: handed over, confirmed, made a case at window 1
    c = first_contact.record_contact(
        admin, "顾星澜", f"办理{item1.name}", window_id=w3.id, at=_at(add_workdays(today, -3))
    )
    first_contact.hand_over(admin, c, w1.id, f"该事项由{w1.label}受理", c.row_version)
    first_contact.confirm(admin, c, c.row_version)
    first_contact.to_case(admin, c, item1, c.row_version)
    # waiting for window 2's confirmation (the demo account chuangkou2 sees it on the home page)
    c = first_contact.record_contact(
        admin, "言知夏", f"咨询{item2.name}需要哪些材料", window_id=w1.id, at=_at(today, 9, 5)
    )
    first_contact.hand_over(admin, c, w2.id, f"该事项属于{w2.label}", c.row_version)
    # 推诿: passed on twice without an answer
    c = first_contact.record_contact(
        admin, "祝清远", "企业迁址后相关证照如何变更", window_id=w2.id, at=_at(add_workdays(today, -2))
    )
    first_contact.hand_over(admin, c, w3.id, "涉及规划内容", c.row_version)
    first_contact.confirm(admin, c, c.row_version)
    first_contact.hand_over(admin, c, w1.id, "应由企业登记先办", c.row_version)
    first_contact.confirm(admin, c, c.row_version)
    first_contact.record_contact(admin, "满庭芳", "询问证照邮寄服务", window_id=w1.id, at=_at(today, 10, 12))
    return n + 4


def _new_case(admin, item, day, applicant, accept=True) -> Case:
    c = case_services.register_case(admin, item, _at(day, 10), applicant, window_id=item.window_id)
    if accept:
        case_services.step(admin, c, "accept", day)
    return c


def _notices(admin, items, today) -> None:
    for i, it in enumerate(items[:3]):
        day = add_workdays(today, -(4 + i))
        c = _new_case(admin, it, day, APPLICANTS[i], accept=False)
        keys = [e.key for e in materials.list_on(it.id, day).entries]
        supplement.issue(admin, c, set(keys[:-2]), day, c.row_version)
        if i == 0:  # papers brought; a second notice asking for one more material: the rule broken
            back = add_workdays(day, 2)
            case_services.step(admin, c, "supplement_done", back)
            supplement.issue(
                admin, c, set(keys[:1]) | set(keys[-2:]), back, c.row_version, note="复核时发现身份证明复印件不清晰"
            )
        if i == 1:
            case_services.step(admin, c, "supplement_done", add_workdays(day, 1))
            case_services.step(admin, c, "accept", add_workdays(day, 1))
        if i == 2:
            _sent_notice(admin, supplement.notices_of(c.id)[-1])


def _sent_notice(admin, notice) -> None:
    """The notice sent to the applicant. No mail server or SMS gateway is configured in the demo, so
    the e-mail failed each attempt and was given up (shown on the case page) and the SMS waits for
    its retry. Skipped where a real server is configured: the demo sends nothing to anyone."""
    cfg = current_app.config
    if cfg.get("HALL_SMTP_HOST") or cfg.get("HALL_SMS_GATEWAY_URL"):
        return
    t = utcnow() - timedelta(hours=6)
    outbox.queue(admin, notice, "email", "hetang@example.com", now=t)
    for k in range(int(cfg.get("HALL_OUTBOX_MAX_ATTEMPTS", 6))):
        outbox.send_due(t)
        t += timedelta(minutes=5 * 2**k)
    outbox.queue(admin, notice, "sms", "13900007788")
    outbox.send_due(utcnow())


def _joint(admin, items, windows, today) -> None:
    lead_items = items[3:6]
    for i, it in enumerate(lead_items):
        start = add_workdays(today, -[9, 7, 1][i])
        c = _new_case(admin, it, start, APPLICANTS[3 + i])
        co = [w for w in windows if w.id != it.window_id][i * 2 : i * 2 + 2]
        stages = joint.make_joint(admin, c, [(co[0].id, 3), (co[1].id, 5)], started_on=start)
        if i == 0:  # both answered in time
            for s in stages[1:]:
                joint.answer_stage(admin, s, "agree", "经审查符合要求。", s.row_version, on=add_workdays(start, 2))
        elif i == 1:  # the first co-window answers, the second stays silent: 超时默许
            joint.answer_stage(admin, stages[1], "agree", "同意。", stages[1].row_version, on=add_workdays(start, 1))
    joint.sweep_deemed(today, admin)
    # a 上报件 waiting for the province's answer
    c = _new_case(admin, items[6], add_workdays(today, -4), APPLICANTS[6])
    joint.report(admin, c, "省市场监督管理局", add_workdays(today, -2), c.row_version)
    db.session.flush()
    assert db.session.scalar(select(JointStage.id).where(JointStage.answer == "deemed")) is not None


def _complaints(evaluator, windows, today) -> None:
    texts = [
        "窗口人员对咨询不耐烦，让我自己看墙上的说明。",
        "材料已经交齐，却被要求第二次补交新的材料。",
        "承诺五个工作日办结，十个工作日还没有结果。",
        "叫号后窗口无人，等候二十分钟。",
        "工作人员告知的收费标准与公示不一致。",
        "网上预约后到现场仍需重新取号。",
    ]
    steps = [cr.ACCEPT, cr.INVESTIGATE, cr.HANDLE, cr.FEEDBACK, cr.ARCHIVE]
    for i, text in enumerate(texts):
        received = add_workdays(today, -(2 + i * 2))
        w = windows[(i * 3) % len(windows)]
        c = complaints.register(
            evaluator,
            received,
            ["phone", "online", "letter", "on_site"][i % 4],
            VISITORS[i + 4],
            f"139****{1000 + i * 37}",
            text,
            window_id=w.id,
            investigator_id=evaluator.id,
        )
        upto = min(i, 5)  # 0: just registered, 1: accepted, … 5: archived
        on = received
        for step in steps[:upto]:
            on = add_workdays(on, 1)
            kw = {}
            if step == cr.INVESTIGATE:
                kw = {"finding": [cr.UPHELD, cr.PARTLY, cr.NOT_UPHELD][i % 3], "note": "调阅监控并询问当事人。"}
            if step == cr.HANDLE:
                kw = {"result": "约谈窗口负责人，责令整改。"}
            if step == cr.FEEDBACK:
                kw = {"note": "电话告知投诉人调查及处理结果，投诉人表示认可。"}
            complaints.do_step(evaluator, c, step, min(on, today), c.row_version, **kw)
            if step == cr.HANDLE and cr.is_valid(c.finding):
                complaints.decide(
                    evaluator,
                    c,
                    "circulated" if i % 2 else "education",
                    min(on, today),
                    note="按中心责任追究办法处理。",
                )


def _ratings(admin, evaluator, items, today) -> None:
    done = []
    for i, it in enumerate(items[7:12]):
        day = add_workdays(today, -(6 + i))
        c = _new_case(admin, it, day, APPLICANTS[i])
        case_services.step(admin, c, "complete", add_workdays(day, 1), outcome="approved")
        done.append(c)
    comments = ["办理太慢，来回跑了两次。", "态度很差。", "系统故障，排队很久。", "误点了。", "收费标准不合理。"]
    rs = [
        ratings.rate_case(admin, c, 1 if i % 2 == 0 else 2, add_workdays(c.completed_on, 0), comment=comments[i])
        for i, c in enumerate(done)
    ]
    v_day = add_workdays(today, -3)
    # upheld, rectified, called back
    ratings.verify(evaluator, rs[0], "efficiency", True, v_day, rs[0].row_version, note="核实属实：补正告知不到位。")
    ratings.rectify(
        evaluator, rs[0], add_workdays(v_day, 1), "完善材料清单，组织窗口一次性告知培训。", rs[0].row_version
    )
    ratings.revisit(
        evaluator, rs[0], add_workdays(v_day, 2), "电话回访，说明整改措施。", "satisfied", rs[0].row_version
    )
    # upheld, rectification running
    ratings.verify(evaluator, rs[1], "attitude", True, v_day, rs[1].row_version, note="调阅录像属实。")
    # system failure, upheld, window appeals
    ratings.verify(evaluator, rs[2], "system", True, v_day, rs[2].row_version, note="当日叫号系统故障。")
    ratings.appeal(admin, rs[2], "故障属市级平台问题，非窗口原因。", today, rs[2].row_version)
    # mistaken rating excluded with a reason
    ratings.verify(
        evaluator,
        rs[3],
        "other",
        False,
        v_day,
        rs[3].row_version,
        note="评价人当场说明误点，有录像为证。",
        exclusion_kind="mistaken",
    )
    ratings.revisit(evaluator, rs[3], add_workdays(v_day, 1), "回访确认误评。", "satisfied", rs[3].row_version)
    # rs[4] left unverified


SUPERVISORS = [("杭远舟", "市人大代表"), ("柯望舒", "市政协委员"), ("喻晓岚", "企业代表"), ("费青崖", "社区居民代表")]
FINDINGS = [
    "窗口人员在岗在位，引导清楚。",
    "一次性告知单填写完整。",
    "等候区叫号屏故障未及时报修。",
    "工作人员着装规范，答复耐心。",
    "个别窗口午间无人值守。",
]


def _quarter(admin, evaluator, windows, today) -> None:
    """Four supervisors, their visits in the last finished quarter, its results under 公示."""
    q = qrules.quarter_of(today) - 1
    year, quarter = (today.year, q) if q else (today.year - 1, 4)
    first, last = qrules.quarter_bounds(year, quarter)
    people = [quarterly.appoint(admin, n, a, "", first.replace(month=1, day=1), None) for n, a in SUPERVISORS]
    for i, w in enumerate(windows[:12]):
        for k in range(2):
            who = people[(i + k) % len(people)]
            day = add_workdays(first, 5 + i * 3 + k * 17)
            if day > last:
                day = add_workdays(last, -1)
            quarterly.record_visit(
                evaluator, who, w.id, day, 78 + (i * 7 + k * 5) % 20, FINDINGS[(i + k) % len(FINDINGS)]
            )
    review = quarterly.refresh(evaluator, year, quarter, today)
    quarterly.publish(evaluator, review, add_workdays(today, -1), review.row_version)
    quarterly.appeal(admin, review, windows[0].id, "本季度监督员走访当日系统停机，评分未反映正常服务。", today)
