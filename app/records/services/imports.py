"""Import rosters, items, cases and attendance: all rows or none, with a per-row report."""

import bisect
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import insert, select

from ...audit.services import record
from ...core.timeutil import local_today
from ...extensions import db
from ..logic import caseclock, importer
from ..models import (
    ATTENDANCE_SLOTS,
    ATTENDANCE_STATUSES,
    HANDLING_CLASSES,
    ITEM_TYPES,
    Attendance,
    Case,
    Department,
    ItemRevision,
    RosterEntry,
    ServiceItem,
    Staff,
    Window,
)
from .cases import light_policy
from .common import flush, require

CHUNK = 5000
KIND_LABELS = {"roster": "窗口人员名单", "items": "进厅项目", "cases": "办件", "attendance": "考勤"}


@dataclass
class ImportReport:
    kind: str
    saved: int = 0
    problems: list = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_error

    def message(self) -> tuple[str, str]:
        """(what to tell the importer, flash category)."""
        if self.ok:
            return f"导入成功：{KIND_LABELS[self.kind]} {self.saved} 行。", "success"
        if self.file_error:
            return self.file_error, "danger"
        return f"文件中有 {len(self.problems)} 处错误，未导入任何数据。请改正后重新导入。", "danger"


def _inverse(d: dict) -> dict:
    return {label: code for code, label in d.items()}


def existing_numbers(numbers) -> set:
    """Which of these case numbers are already registered (queried in chunks, not all 2 million)."""
    numbers, found = list(numbers), set()
    for i in range(0, len(numbers), 900):
        found.update(db.session.scalars(select(Case.number).where(Case.number.in_(numbers[i : i + 900]))))
    return found


def lookups(kind: str, case_numbers=()) -> importer.Lookups:
    def live(model, key):
        return {str(k): i for k, i in db.session.execute(select(key, model.id).where(model.voided_at.is_(None)))}

    numbers = existing_numbers(case_numbers) if kind == "cases" else set()
    return importer.Lookups(
        windows=live(Window, Window.number),
        staff=live(Staff, Staff.name),
        items=live(ServiceItem, ServiceItem.code),
        departments=live(Department, Department.name),
        item_types=_inverse(ITEM_TYPES),
        handling_classes=_inverse(HANDLING_CLASSES),
        statuses=_inverse(ATTENDANCE_STATUSES),
        slots=_inverse(ATTENDANCE_SLOTS),
        existing_case_numbers=numbers,
        today=local_today(),
    )


def run_import(user, kind: str, stream, filename: str, progress=None) -> ImportReport:
    """Check the whole file; save nothing if any row is wrong, else add every row to the session
    (flushed; the request or the CLI command commits them at once)."""
    require(user, "records.import")
    report = ImportReport(kind)
    try:
        table = []
        for row in importer.read_table(stream, filename):  # reading is the slow part: report it
            table.append(row)
            if progress and len(table) % 1000 == 0:
                progress(1000)
        numbers = {importer.text(v.get("办件编号")) for _, v in table[1:]} if kind == "cases" else ()
        records, problems = importer.check_rows(kind, table, lookups(kind, numbers))
    except importer.FileError as exc:
        report.file_error = str(exc)
        return report
    if not problems:
        rows, problems = _prepare(kind, records, problems, user)
    report.problems = problems
    if problems:
        db.session.rollback()
        return report
    try:
        report.saved = _save(kind, rows)
        record(user, "import", f"rec_{kind}", None, {"file": filename, "rows": report.saved})
        flush()
    except Exception:
        db.session.rollback()
        raise
    return report


def _prepare(kind, records, problems, user):
    """Turn checked records into rows to insert (cases: the clock; items: new or revised)."""
    if kind != "cases":
        return records, problems
    revs: dict[int, list] = {}
    for r in db.session.scalars(select(ItemRevision).order_by(ItemRevision.valid_from)):
        revs.setdefault(r.item_id, []).append(r)
    starts = {k: [r.valid_from for r in v] for k, v in revs.items()}
    item_windows = dict(db.session.execute(select(ServiceItem.id, ServiceItem.window_id)).all())
    window_numbers = dict(db.session.execute(select(Window.id, Window.number)).all())
    handler_windows = _roster_lookup({r["handler_staff_id"] for r in records if r["handler_staff_id"]})
    policy, rows = light_policy(), []
    for rec in records:
        n = rec["_row"]
        i = bisect.bisect_right(starts.get(rec["item_id"], []), rec["received_on"]) - 1
        if i < 0:
            problems.append(importer.Problem(n, "收件日期", "该日期事项尚无承诺时限"))
            continue
        rev = revs[rec["item_id"]][i]
        window_id = rec["window_id"] or item_windows.get(rec["item_id"])
        if window_id is None:
            problems.append(importer.Problem(n, "窗口号", "事项未指定窗口，请填写窗口号"))
            continue
        item_window = item_windows.get(rec["item_id"])
        if item_window is not None and item_window != window_id:
            problems.append(
                importer.Problem(
                    n,
                    "事项编码",
                    f"该事项属于{window_numbers.get(item_window)}号窗口，不能登记在{window_numbers.get(window_id)}号窗口",
                )
            )
            continue
        if rec["handler_staff_id"]:
            served = handler_windows(rec["handler_staff_id"], rec["received_on"])
            if served is not None and served != window_id:
                problems.append(
                    importer.Problem(
                        n,
                        "经办人",
                        f"收件当天该经办人在{window_numbers.get(served)}号窗口，"
                        f"不在{window_numbers.get(window_id)}号窗口",
                    )
                )
                continue
        c = SimpleNamespace(accepted_on=None, outcome=None, completed_on=None, used_days=None)
        instant = rev.handling_class == "instant"
        caseclock.start(c, rec["received_on"], rev.committed_limit_days, instant, policy)
        try:
            if rec["accepted_on"] or rec["completed_on"]:
                caseclock.accept(c, rec["accepted_on"] or rec["received_on"], policy)
            if rec["completed_on"]:
                caseclock.complete(c, rec["completed_on"], rec["outcome"] or "approved", policy)
        except caseclock.ClockError as exc:
            problems.append(importer.Problem(n, "受理日期", str(exc)))
            continue
        rows.append(
            {
                "number": rec["number"],
                "window_id": window_id,
                "item_id": rec["item_id"],
                "item_revision_id": rev.id,
                "handling_class": rev.handling_class,
                "is_instant": instant,
                "limit_days": c.limit_days,
                "applicant": rec["applicant"],
                "handler_staff_id": rec["handler_staff_id"],
                "state": c.state,
                "outcome": c.outcome,
                "is_open": c.is_open,
                "received_on": c.received_on,
                "received_at": _midnight(c.received_on),
                "accepted_on": c.accepted_on,
                "stopped_workdays": 0,
                "due_on": c.due_on,
                "yellow_on": c.yellow_on,
                "completed_on": c.completed_on,
                "completed_at": _midnight(c.completed_on) if c.completed_on else None,
                "used_days": c.used_days,
                "created_by_id": user.id,
                "row_version": 1,
                "note": "导入",
            }
        )
    return rows, problems


def _roster_lookup(staff_ids):
    """(staff_id, day) -> the window id the person serves that day by the roster, or None (not on any
    roster: not checked). One query for all the handlers of the file, not one per row."""
    entries: dict[int, list] = {}
    ids = list(staff_ids)
    for i in range(0, len(ids), 900):
        for e in db.session.scalars(
            select(RosterEntry).where(RosterEntry.staff_id.in_(ids[i : i + 900]), RosterEntry.voided_at.is_(None))
        ):
            entries.setdefault(e.staff_id, []).append(e)

    def window_of(staff_id, day):
        for e in sorted(entries.get(staff_id, ()), key=lambda e: -e.id):
            if (
                e.year == day.year
                and (e.started_on is None or e.started_on <= day)
                and (e.ended_on is None or e.ended_on >= day)
            ):
                return e.window_id
        return None

    return window_of


def _midnight(d):
    from datetime import datetime

    return datetime(d.year, d.month, d.day, 9, 0)


def _save(kind: str, rows: list[dict]) -> int:
    if kind == "cases":
        for i in range(0, len(rows), CHUNK):
            db.session.execute(insert(Case), rows[i : i + CHUNK])
        return len(rows)
    if kind == "attendance":
        for r in rows:
            r.pop("_row")
            if r["window_id"] is None:
                from ..queries import current_window_of

                w = current_window_of(r["staff_id"], r["day"])
                r["window_id"] = w.id if w else None
        db.session.execute(insert(Attendance), rows)
        return len(rows)
    if kind == "roster":
        for r in rows:
            staff_id = db.session.scalar(select(Staff.id).where(Staff.name == r["name"], Staff.voided_at.is_(None)))
            if staff_id is None:
                s = Staff(
                    name=r["name"],
                    department_id=r["department_id"],
                    post=r["post"],
                    is_chief_rep=r["is_chief_rep"],
                    phone=r["phone"],
                )
                db.session.add(s)
                db.session.flush()
                staff_id = s.id
            db.session.add(
                RosterEntry(year=r["year"], window_id=r["window_id"], staff_id=staff_id, position=r["position"] or 99)
            )
        return len(rows)
    if kind == "items":
        for r in rows:
            item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == r["code"]))
            if item is None:
                item = ServiceItem(
                    code=r["code"], name=r["name"], department_id=r["department_id"], window_id=r["window_id"]
                )
                db.session.add(item)
                db.session.flush()
            terms = {
                k: r[k] for k in ("item_type", "handling_class", "legal_limit_days", "committed_limit_days", "fee")
            }
            exists = db.session.scalar(
                select(ItemRevision).where(ItemRevision.item_id == item.id, ItemRevision.valid_from == r["valid_from"])
            )
            if exists is None:
                db.session.add(ItemRevision(item_id=item.id, valid_from=r["valid_from"], **terms))
        return len(rows)
    raise ValueError(kind)
