"""Demo records of the 示范市行政服务中心 (all names invented). Idempotent; a few seconds.

Loads after app.auth.demo (DOMAINS order) and links the window-staff accounts chuangkou
(宋佳禾) and chuangkou2 (欧阳澄) to the staff rows of the same names; then every other rostered
staff member gets an account too (app.auth.demo.roster_accounts)."""

import random
from datetime import date, datetime, timedelta

import click
from sqlalchemy import insert, literal, select, true

from ..auth.demo import roster_accounts
from ..auth.models import User
from ..centers.context import current_center_id
from ..core import demoprofile
from ..core.timeutil import local_today
from ..core.workdays import add_workdays, is_workday
from ..extensions import db
from .logic import caseclock
from .logic.vocab import case_number
from .models import (
    Attendance,
    Case,
    CaseEvent,
    Commendation,
    Complaint,
    Department,
    DutyAssignment,
    ItemRevision,
    Rating,
    RosterEntry,
    ServiceItem,
    Staff,
    Window,
)

DEPARTMENTS = [
    ("市发展和改革委员会", "发改"),
    ("市自然资源和规划局", "资规"),
    ("市住房和城乡建设局", "住建"),
    ("市市场监督管理局", "市监"),
    ("市公安局", "公安"),
    ("市人力资源和社会保障局", "人社"),
    ("市生态环境局", "环境"),
    ("市交通运输局", "交通"),
    ("市卫生健康委员会", "卫健"),
    ("市税务局", "税务"),
    ("市民政局", "民政"),
    ("市不动产登记中心", "不动产"),
]
WINDOWS = [  # number, name, department index
    ("1", "投资项目审批", 0),
    ("2", "规划许可", 1),
    ("3", "用地审批", 1),
    ("4", "建设工程许可", 2),
    ("5", "商品房预售", 2),
    ("6", "企业登记", 3),
    ("7", "食品经营许可", 3),
    ("8", "户籍办理", 4),
    ("9", "出入境", 4),
    ("10", "社保经办", 5),
    ("11", "就业服务", 5),
    ("12", "环评审批", 6),
    ("13", "道路运输", 7),
    ("14", "医疗机构执业", 8),
    ("15", "税务登记", 9),
    ("16", "发票领用", 9),
    ("17", "社会组织登记", 10),
    ("18", "婚姻登记咨询", 10),
    ("19", "不动产登记", 11),
    ("20", "综合受理", 3),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = [
    "子涵",
    "思远",
    "雨桐",
    "浩然",
    "梓萱",
    "俊熙",
    "欣怡",
    "宇航",
    "诗琪",
    "明哲",
    "佳怡",
    "嘉懿",
    "一鸣",
    "若琳",
    "文博",
    "晓彤",
    "志强",
    "雅静",
    "承泽",
    "书宁",
    "立伟",
    "婉清",
    "景行",
    "芷若",
    "天佑",
    "沐阳",
]
ITEM_WORDS = ["核准", "备案", "许可", "变更登记", "注销登记", "延续", "证照补办", "年度报告", "审核", "登记"]


def _linked_names() -> tuple[str, str]:
    """The staff names of the accounts chuangkou and chuangkou2 (the city demo: each center's own)."""
    profile = demoprofile.current()
    return profile.name("chuangkou", "宋佳禾"), profile.name("chuangkou2", "欧阳澄")


def _names(rng, n):
    first = list(_linked_names())
    out = set(first)
    while len(out) < n:
        out.add(rng.choice(SURNAMES) + rng.choice(GIVEN))
    return first + sorted(out - set(first))


def load() -> None:
    if db.session.scalar(select(Department.id).limit(1)) is not None:
        click.echo("业务记录演示数据已存在，跳过。")
        _link_users()
        return
    profile = demoprofile.current()
    rng = random.Random(2026 + profile.seed)
    today = local_today()
    depts = [Department(name=profile.department(n), short_name=s) for n, s in DEPARTMENTS]
    db.session.add_all(depts)
    db.session.flush()
    windows = [
        Window(number=n, name=name, department_id=depts[d].id, opened_on=date(2019, 3, 1)) for n, name, d in WINDOWS
    ]
    db.session.add_all(windows)
    db.session.flush()
    staff = []
    for i, name in enumerate(_names(rng, 60)):
        w = windows[i % len(windows)]
        staff.append(
            Staff(
                name=name,
                department_id=w.department_id,
                post="窗口负责人" if i < len(windows) else "受理员",
                is_chief_rep=i < 12,
                phone=f"0391-{rng.randint(2000000, 2999999)}",
                joined_on=date(2020 + i % 4, 1 + i % 12, 1),
            )
        )
    db.session.add_all(staff)
    db.session.flush()
    for year in (2024, 2025, 2026):
        for i, s in enumerate(staff):
            db.session.add(
                RosterEntry(
                    year=year,
                    window_id=windows[i % len(windows)].id,
                    staff_id=s.id,
                    position=i // len(windows) + 1,
                    started_on=date(year, 1, 1),
                )
            )
    items, revisions = [], {}
    for i in range(60):
        w = windows[i % len(windows)]
        cls = "instant" if (i + i // 20) % 4 == 0 else ("joint" if i % 10 == 3 else "committed")
        item = ServiceItem(
            code=f"SX-{i + 1:03d}",
            name=f"{w.name}{ITEM_WORDS[i % len(ITEM_WORDS)]}",
            department_id=w.department_id,
            window_id=w.id,
        )
        db.session.add(item)
        db.session.flush()
        legal = 20 if cls != "joint" else 45
        committed = 0 if cls == "instant" else rng.choice([3, 5, 7, 10, 12, 15])
        revs = [
            ItemRevision(
                item_id=item.id,
                valid_from=date(2024, 1, 1),
                handling_class=cls,
                legal_limit_days=legal,
                committed_limit_days=committed,
                item_type=rng.choice(["license", "non_license", "public"]),
            )
        ]
        if cls == "committed" and i % 3 == 0:  # limits shortened in 2026: earlier months keep the old limit
            revs.append(
                ItemRevision(
                    item_id=item.id,
                    valid_from=date(2026, 3, 1),
                    handling_class=cls,
                    legal_limit_days=legal,
                    committed_limit_days=max(2, committed - 2),
                    item_type=revs[0].item_type,
                    note="压缩承诺时限",
                )
            )
        db.session.add_all(revs)
        db.session.flush()
        items.append(item)
        revisions[item.id] = revs
    n_cases = _cases(rng, items, revisions, staff, windows, today)
    _other_records(rng, windows, staff, today)
    db.session.commit()
    _link_users()
    click.echo(f"业务记录演示数据：12个单位、20个窗口、60名人员、60个事项、{n_cases}件办件。")


def _cases(rng, items, revisions, staff, windows, today):
    policy, rows, n = caseclock.LightPolicy(), [], 0
    staff_by_window = {}
    for i, s in enumerate(staff):
        staff_by_window.setdefault(windows[i % len(windows)].id, []).append(s.id)
    day = date(2025, 1, 2)
    while day <= today:
        if is_workday(day):
            for _ in range(max(1, round(rng.randint(4, 8) * demoprofile.current().case_share))):
                item = rng.choice(items)
                rev = [r for r in revisions[item.id] if r.valid_from <= day][-1]
                n += 1
                c = Case(
                    number=case_number(day, n),
                    window_id=item.window_id,
                    item_id=item.id,
                    item_revision_id=rev.id,
                    handling_class=rev.handling_class,
                    applicant=rng.choice(SURNAMES) + "某",
                    handler_staff_id=rng.choice(staff_by_window[item.window_id]),
                    received_at=datetime(day.year, day.month, day.day, rng.randint(9, 16), rng.randint(0, 59)),
                )
                caseclock.start(c, day, rev.committed_limit_days, rev.handling_class == "instant", policy)
                _advance(rng, c, today, policy)
                rows.append(
                    {
                        k: getattr(c, k)
                        for k in (
                            "number",
                            "window_id",
                            "item_id",
                            "item_revision_id",
                            "handling_class",
                            "is_instant",
                            "limit_days",
                            "applicant",
                            "handler_staff_id",
                            "state",
                            "outcome",
                            "is_open",
                            "received_at",
                            "received_on",
                            "accepted_on",
                            "stopped_since",
                            "stop_kind",
                            "stopped_workdays",
                            "due_on",
                            "yellow_on",
                            "completed_on",
                            "used_days",
                        )
                    }
                    | {"completed_at": None, "row_version": 1, "note": ""}
                )
        day += timedelta(days=1)
    db.session.execute(insert(Case), rows)
    # The steps of each demo case (收件, 受理, 办结) for the case pages.
    # INSERT … SELECT is not scoped by app/centers/scoping.py: the events name the current center and
    # read its cases only (a city demo loads several centers).
    center = current_center_id()
    cols = [
        CaseEvent.case_id,
        CaseEvent.kind,
        CaseEvent.on,
        CaseEvent.at,
        CaseEvent.staff_id,
        CaseEvent.note,
        CaseEvent.center_id,
    ]
    for kind, on_col, cond in (
        ("receive", Case.received_on, None),
        ("accept", Case.accepted_on, Case.accepted_on),
        ("complete", Case.completed_on, Case.completed_on),
    ):
        sel = select(
            Case.id, literal(kind), on_col, Case.received_at, Case.handler_staff_id, literal("演示数据"), Case.center_id
        ).where(Case.center_id == center)
        if cond is not None:
            sel = sel.where(cond.is_not(None), Case.is_instant.is_(False) if kind == "accept" else true())
        db.session.execute(insert(CaseEvent).from_select(cols, sel))
    return len(rows)


def _advance(rng, c, today, policy):
    if c.is_instant:
        if c.received_on < today or rng.random() < 0.8:
            caseclock.complete(c, c.received_on, "approved", policy)
        return
    accept_on = c.received_on
    if rng.random() < 0.15:  # papers missing: 补正 for a few working days
        caseclock.stop_clock(c, c.received_on, "supplement", policy)
        accept_on = add_workdays(c.received_on, rng.randint(1, 4))
        if accept_on > today:
            return
    caseclock.accept(c, accept_on, policy)
    r = rng.random()
    used = max(1, round(c.limit_days * (0.4 + 0.55 * r))) if r < 0.93 else c.limit_days + rng.randint(1, 4)
    done = add_workdays(c.received_on, used + (c.stopped_workdays or 0))
    if done <= today and not (c.received_on > today - timedelta(days=40) and rng.random() < 0.25):
        caseclock.complete(c, done, "approved" if rng.random() < 0.95 else "refused", policy)


def _other_records(rng, windows, staff, today):
    start = date(2025, 1, 1)
    span = (today - start).days
    complaints = []
    for _ in range(40):
        w = rng.choice(windows)
        received = start + timedelta(days=rng.randint(0, span))
        finding = (
            rng.choice(["true", "partly", "false", "false", None]) if received < today - timedelta(days=10) else None
        )
        complaints.append(
            Complaint(
                channel=rng.choice(["phone", "letter", "online", "on_site", "rating"]),
                received_on=received,
                complainant=rng.choice(SURNAMES) + "先生",
                window_id=w.id,
                content=rng.choice(
                    [
                        "等候时间过长，窗口人员离岗未归。",
                        "一次性告知不完整，来回跑了两趟。",
                        "工作人员态度生硬。",
                        "办结时间超过承诺时限。",
                    ]
                ),
                deadline_on=add_workdays(received, 5),
                finding=finding,
                valid=None if finding is None else finding in ("true", "partly"),
                verdict_reason="经调阅监控和询问当事人核实。" if finding else "",
                replied_on=received + timedelta(days=4) if finding else None,
            )
        )
    # numbered as the complaint service issues them: TS<year>-NNNNN in order of receipt
    per_year = {}
    for complaint in sorted(complaints, key=lambda c: c.received_on):
        year = complaint.received_on.year
        per_year[year] = per_year.get(year, 0) + 1
        complaint.number = f"TS{year}-{per_year[year]:05d}"
        db.session.add(complaint)
    for _ in range(400):
        w = rng.choice(windows)
        rated = start + timedelta(days=rng.randint(0, span))
        grade = rng.choices([5, 4, 3, 2, 1], [70, 18, 7, 3, 2])[0]
        r = Rating(
            rated_on=rated,
            grade=grade,
            channel=rng.choice(["on_site", "online", "app"]),
            window_id=w.id,
            comment="" if grade > 2 else "办理太慢",
            upheld=None,
        )
        if grade <= 2 and rated < today - timedelta(days=7):
            r.upheld = rng.random() < 0.6
            r.verified_on = add_workdays(rated, 2)
            if r.upheld:
                r.rectify_due_on = add_workdays(r.verified_on, 15)
                if r.rectify_due_on < today and rng.random() < 0.8:
                    r.rectified_on = add_workdays(r.verified_on, rng.randint(5, 18))
        db.session.add(r)
    for _ in range(60):
        w = rng.choice(windows)
        kind = rng.choices(["letter", "banner", "media"], [6, 3, 1])[0]
        db.session.add(
            Commendation(
                kind=kind,
                media_level="city" if kind == "media" else "",
                received_on=start + timedelta(days=rng.randint(0, span)),
                window_id=w.id,
                source=rng.choice(["某科技公司", "市民来信", "市日报"]),
                content="感谢窗口热情高效的服务。",
            )
        )
    rows, day = [], today - timedelta(days=90)
    while day <= today:
        if is_workday(day):
            for i, s in enumerate(staff):
                status = rng.choices(
                    ["normal", "late", "early", "personal_leave", "sick_leave", "out", "absent"],
                    [900, 25, 10, 20, 15, 25, 2],
                )[0]
                rows.append(
                    {
                        "staff_id": s.id,
                        "window_id": windows[i % len(windows)].id,
                        "day": day,
                        "slot": "day",
                        "status": status,
                        "clock_time": "08:5%d" % rng.randint(0, 9) if status == "normal" else "",
                        "note": "",
                        "row_version": 1,
                    }
                )
            db.session.add(DutyAssignment(kind="hall", start_on=day, end_on=day, staff_id=rng.choice(staff).id))
            if day.weekday() == 0:
                db.session.add(
                    DutyAssignment(
                        kind="week",
                        start_on=day,
                        end_on=day + timedelta(days=6),
                        person_name=rng.choice(["督查科", "综合科"]) + rng.choice(SURNAMES) + "科长",
                    )
                )
        day += timedelta(days=1)
    db.session.execute(insert(Attendance), rows)


def _link_users() -> None:
    for username, name in zip(("chuangkou", "chuangkou2"), _linked_names(), strict=True):
        user = db.session.scalar(select(User).filter_by(username=demoprofile.login(username)))
        staff_id = db.session.scalar(select(Staff.id).where(Staff.name == name))
        if user is not None and staff_id is not None and user.staff_id != staff_id:
            user.staff_id = staff_id
    db.session.commit()
    roster_accounts()
