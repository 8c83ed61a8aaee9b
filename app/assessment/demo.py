"""Demo assessment of the 示范市行政服务中心. Idempotent.

Runs after app.documents.demo (which loads SF-ZD-017 A/0, A/1, B/0 from documents/rules) and
app.records.demo (windows, staff, attendance, cases...). It attaches the bundled scheme to each
version of SF-ZD-017, then scores the last months: the three before last are final with their red
flags, last month is locked and in 公示, this month is being scored; and a 服务标兵 ballot
for last month is open."""

import random
from datetime import date, timedelta

import click

from ..auth.models import User
from ..core import demoprofile
from ..core.timeutil import local_today
from ..core.workdays import add_workdays
from ..extensions import db
from .logic import schemes as sch
from .models import ACCEPTED, PROPOSED, AssessmentMonth, ExemplarCycle
from .queries import exemplars as ex
from .queries import records as sources
from .queries import scheme_versions as schemes
from .queries.months import scheme_of
from .services import exemplars, monthflow, sheets
from .services.common import REFUSALS
from .services.scheme_versions import attach

DEMO_PASSWORD = "hallmark2026"
MANUAL = [  # item, count, note
    ("S1", 1, "巡查发现工作人员未佩戴工作牌"),
    ("A2", 1, "值周巡查：窗口台面物品摆放杂乱"),
    ("D6", 1, "上午10时巡查窗口无人在岗"),
    ("T1", 1, "未参加中心组织的业务培训"),
    ("E5", 1, "应当受理的申请被退回，经核实属实"),
    ("S2", 1, "服务对象反映态度生硬，监控核实"),
    ("B4", 1, "节假日加班为企业办理开业登记"),
    ("E4", 1, "许可证载明事项有误，已更正"),
]


def attach_schemes(user=None) -> int:
    doc = schemes.rule_document()
    if doc is None:
        return 0
    n = 0
    for dv in doc.versions:
        factory = sch.BUNDLED.get(dv.revision)
        if factory is not None and schemes.for_document_version(dv.id) is None:
            attach(user, dv, factory())
            n += 1
    db.session.commit()
    return n


def _months_back(today: date, n: int) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.insert(0, (y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


def _score(month, evaluator, rng) -> None:
    for sheet in month.sheets:
        sheets.propose(evaluator, sheet, sheet.row_version)
        for e in sheet.entries:
            if e.status == PROPOSED:
                e.status, e.decided_by_id = ACCEPTED, evaluator.id
        sheets.recompute(evaluator, sheet)
        db.session.commit()
        for code, count, note in rng.sample(MANUAL, rng.choice([0, 0, 1, 1, 2])):
            if code not in scheme_of(month).item_index():
                continue
            points = 3 if code in ("E4", "B4") else None
            # the same guard as for any entry: in its month and not in the future
            day = min(date(month.year, month.month, rng.randint(1, 28)), local_today())
            sheets.add_entry(evaluator, sheet, sheet.row_version, code, count, points, day, note)
            db.session.commit()


def load() -> None:
    admin = db.session.scalar(db.select(User).filter_by(username=demoprofile.login("admin")))
    evaluator = db.session.scalar(db.select(User).filter_by(username=demoprofile.login("kaoping")))
    reviewer = admin or evaluator  # the month is locked by someone other than who submitted it
    attached = attach_schemes(admin)
    click.echo(f"考核方案：已挂接 {attached} 个版本。")
    if evaluator is None or db.session.scalar(db.select(AssessmentMonth.id).limit(1)) is not None:
        return
    today = local_today()
    if not sources.active_windows(today):
        click.echo("考核评比：没有窗口数据，跳过评分演示。")
        return
    rng = random.Random(17 + demoprofile.current().seed)
    months = _months_back(today, 5)
    try:
        for i, (y, mo) in enumerate(months):
            m = sheets.open_month(evaluator, y, mo)
            db.session.commit()
            _score(m, evaluator, rng)
            if i == len(months) - 1:
                break  # this month: scoring in progress
            monthflow.submit(evaluator, m, m.row_version)
            db.session.commit()
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            lock_day = add_workdays(nxt, 5) if i < len(months) - 2 else today
            monthflow.lock(reviewer, m, DEMO_PASSWORD, m.row_version, today=lock_day)
            db.session.commit()
            if i < len(months) - 2:
                monthflow.finalise(reviewer, m, m.row_version, today=m.publicity_end + timedelta(days=1))
                db.session.commit()
    except REFUSALS as exc:
        db.session.rollback()
        click.echo(f"考核评比演示数据未完整生成：{exc}", err=True)
        return
    _ballot(evaluator, months[-2])
    click.echo(f"考核评比：已生成 {len(months)} 个月的考核（{months[0][0]}年{months[0][1]}月起）。")


def _ballot(evaluator, ym) -> None:
    y, mo = ym
    if db.session.scalar(db.select(ExemplarCycle.id).filter_by(kind="month", year=y, number=mo)):
        return
    cycle = exemplars.create_cycle(evaluator, "month", y, mo)
    db.session.commit()
    done = set()
    for staff in ex.candidates_on_duty(cycle):
        if len(done) >= 5 or staff.window_id in done:
            continue
        try:
            exemplars.nominate(evaluator, cycle, staff.id, "服务热情，业务熟练，群众评价好。")
            db.session.commit()
            done.add(staff.window_id)
        except REFUSALS:
            db.session.rollback()
    if done:
        exemplars.advance(evaluator, cycle, ex.VOTING, cycle.row_version)
        db.session.commit()
