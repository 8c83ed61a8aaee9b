"""A tiny center built through the services, for the records tests."""
from datetime import date, datetime

from app.extensions import db
from app.records import services
from app.records.services import cases as case_services
from app.records.models import Department, ServiceItem, Staff, Window


def make_center(user):
    dept = services.save(user, Department(), {"name": "市市场监督管理局", "short_name": "市监"})
    wa = services.save(user, Window(), {"number": "6", "name": "企业登记", "department_id": dept.id,
                                        "opened_on": date(2020, 1, 1)})
    wb = services.save(user, Window(), {"number": "7", "name": "食品许可", "department_id": dept.id,
                                        "opened_on": date(2020, 1, 1)})
    wc = services.save(user, Window(), {"number": "8", "name": "已撤窗口", "department_id": dept.id,
                                        "opened_on": date(2020, 1, 1), "closed_on": date(2024, 12, 31)})
    staff = [services.save(user, Staff(), {"name": n, "department_id": dept.id}) for n in ("甘若木", "岑知秋", "桂南星")]
    committed = services.create_item(user, ServiceItem(code="SX-001", name="食品经营许可", department_id=dept.id,
                                                       window_id=wa.id),
                                     {"handling_class": "committed", "legal_limit_days": 20, "committed_limit_days": 5},
                                     date(2024, 1, 1))
    instant = services.create_item(user, ServiceItem(code="SX-002", name="营业执照补照", department_id=dept.id,
                                                     window_id=wa.id),
                                   {"handling_class": "instant", "legal_limit_days": 1, "committed_limit_days": 0},
                                   date(2024, 1, 1))
    return {"dept": dept, "wa": wa, "wb": wb, "wc": wc, "staff": staff, "committed": committed, "instant": instant}


def case(user, item, received: date, window=None, accept=True, done: date | None = None):
    c = case_services.register_case(user, item, datetime(received.year, received.month, received.day, 9, 30), "申请人",
                                    window_id=window.id if window else None)
    if accept and not c.is_instant:
        case_services.step(user, c, "accept", received)
    if done:
        case_services.step(user, c, "complete", done, outcome="approved")
    db.session.refresh(c)
    return c


def put_on_window(admin, user, staff, window, *years):
    """Link a window-staff account to a staff row and put that person on the window's roster."""
    user.staff_id = staff.id
    db.session.commit()
    for year in years:
        services.add_to_roster(admin, window, staff.id, year, None)
    return user
