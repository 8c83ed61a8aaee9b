"""The test data every room builds on, made through the real services (Indico's create_user
style): accounts, the document team and its signing, a tiny center of windows, staff and items,
cases. A factory commits what it made, as a test does for itself."""

import io
import itertools
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import event

from app.auth.models import User
from app.documents import services as documents
from app.extensions import db
from app.records import services
from app.records.models import Department, ServiceItem, Staff, Window
from app.records.services import cases as case_services

PASSWORD = "password123"
KINDS = ("rule", "manual", "procedure", "instruction", "form")
RULE_MD = """## 第一章 总则

第一条　为了规范窗口服务，制定本规定。

第二条　窗口工作人员应当挂牌上岗，首问负责。
"""
_numbers = itertools.count(1)


def create_user(
    role: str, username: str | None = None, display_name: str | None = None, password: str = PASSWORD
) -> User:
    """An active account of `role` (the test config hashes cheaply)."""
    n = next(_numbers)
    user = User(username=username or f"{role}{n}", display_name=display_name or f"测试{role}{n}", role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def create_signers(reviewer, approver, kinds=KINDS) -> None:
    """Make `reviewer` review and `approver` approve the documents of `kinds`."""
    for kind in kinds:
        setting = documents.kind_setting(kind)
        setting.reviewer_ids = str(reviewer.id)
        setting.approver_id = approver.id
    db.session.commit()


def approve(team, version, effective_date=None):
    """Submit (if draft), review and approve a version; `team` has author, reviewer, approver, password."""
    if version.status == "draft":
        documents.submit(team.author, version)
    documents.sign(team.reviewer, version, team.password, "审核通过")
    documents.sign(team.approver, version, team.password, "批准", effective_date=effective_date, allow_past=True)
    db.session.commit()
    return version


def create_center(user):
    """A department, windows 6 and 7 (and 8, closed), three staff, a committed and an instant item."""
    dept = services.save(user, Department(), {"name": "市市场监督管理局", "short_name": "市监"})
    wa = services.save(
        user, Window(), {"number": "6", "name": "企业登记", "department_id": dept.id, "opened_on": date(2020, 1, 1)}
    )
    wb = services.save(
        user, Window(), {"number": "7", "name": "食品许可", "department_id": dept.id, "opened_on": date(2020, 1, 1)}
    )
    wc = services.save(
        user,
        Window(),
        {
            "number": "8",
            "name": "已撤窗口",
            "department_id": dept.id,
            "opened_on": date(2020, 1, 1),
            "closed_on": date(2024, 12, 31),
        },
    )
    staff = [
        services.save(user, Staff(), {"name": n, "department_id": dept.id}) for n in ("甘若木", "岑知秋", "桂南星")
    ]
    committed = services.create_item(
        user,
        ServiceItem(code="SX-001", name="食品经营许可", department_id=dept.id, window_id=wa.id),
        {"handling_class": "committed", "legal_limit_days": 20, "committed_limit_days": 5},
        date(2024, 1, 1),
    )
    instant = services.create_item(
        user,
        ServiceItem(code="SX-002", name="营业执照补照", department_id=dept.id, window_id=wa.id),
        {"handling_class": "instant", "legal_limit_days": 1, "committed_limit_days": 0},
        date(2024, 1, 1),
    )
    db.session.commit()
    return {"dept": dept, "wa": wa, "wb": wb, "wc": wc, "staff": staff, "committed": committed, "instant": instant}


def create_case(user, item, received: date, window=None, accept=True, done: date | None = None):
    """A case received at 9:30 on `received`, accepted (unless instant or accept=False), completed on `done`."""
    c = case_services.register_case(
        user,
        item,
        datetime(received.year, received.month, received.day, 9, 30),
        "申请人",
        window_id=window.id if window else None,
    )
    if accept and not c.is_instant:
        case_services.step(user, c, "accept", received)
    if done:
        case_services.step(user, c, "complete", done, outcome="approved")
    db.session.commit()
    db.session.refresh(c)
    return c


def put_on_window(admin, user, staff, window, *years):
    """Link a window-staff account to a staff row and put that person on the window's roster."""
    user.staff_id = staff.id
    db.session.commit()
    for year in years:
        services.add_to_roster(admin, window, staff.id, year, None)
    db.session.commit()
    return user


def attendance_rule_docx(paragraphs) -> bytes:
    """A real Word file: the title 考勤管理规定 as its heading, then one paragraph each."""
    from docx import Document as WordDocument

    doc = WordDocument()
    doc.add_heading("考勤管理规定", level=0)
    for p in paragraphs:
        doc.add_paragraph(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@contextmanager
def statements():
    """The SQL statements the block sends to the database, in order, as sent."""
    seen: list[str] = []

    def count(conn, cursor, statement, *rest):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
