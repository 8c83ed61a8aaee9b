"""Routes × roles × object kinds (issue 12 item 2): the object dimension of tests/test_access.py.

Every route that shows or acts on a window's record with personal data (an applicant's or a
complainant's name and phone) is called as every role on three kinds of object, seen from the
window-staff account that serves window A today:
  own window   — a record of window A;
  other window — a record of window B;
  no window    — a complaint filed against no window; for cases (which always have a window) the
                 window-staff account linked to nobody on a roster looks at window A's case.
A "show" route is allowed when the page or the .xlsx carries the full name and phone, refused when it
carries only the masked form (甘** / 139****5678) or answers 403. An "act" route is allowed when
the step is neither refused by the role (403) nor by the window scope (audited "denied").
The expected answer comes from app/auth/permissions.py: the role table plus OBJECT_RULES."""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.permissions import OBJECT_KINDS, PERMISSIONS
from app.auth.roles import ALL_ROLES, WINDOW_STAFF
from app.core.timeutil import local_today
from app.extensions import db
from app.records import services as records
from app.records.models import Complaint
from app.records.services import cases as case_services
from tests.conftest import PASSWORD
from tests.factories import create_center as make_center

OWN, OTHER, NONE = OBJECT_KINDS
NAMES = {OWN: ("甘露清", "13900005678"), OTHER: ("岑雪松", "13700004321"), NONE: ("桂听澜", "13600002468")}


def _show_case_detail(ctx, kind):
    return "GET", f"/records/cases/{ctx['cases'][kind].id}"


def _show_case_list(ctx, kind):
    return "GET", f"/records/cases/?q={ctx['cases'][kind].number}"


def _show_case_export(ctx, kind):
    return "GET", f"/records/cases/export?q={ctx['cases'][kind].number}"


def _show_complaint_detail(ctx, kind):
    return "GET", f"/records/k/complaints/{ctx['complaints'][kind].id}"


def _show_complaint_export(ctx, kind):
    return "GET", "/records/k/complaints/export"


def _show_hall_case(ctx, kind):
    return "GET", f"/hall/cases/{ctx['cases'][kind].id}"


def _show_hall_complaint(ctx, kind):
    return "GET", f"/hall/complaints/{ctx['complaints'][kind].id}"


def _act_case_step(ctx, kind):
    case = ctx["cases"][kind]
    return (
        "POST",
        f"/records/cases/{case.id}/step",
        {"kind": "accept", "on": local_today().isoformat(), "row_version": str(case.row_version)},
    )


# endpoint, how the URL is made, what it reaches ("show": personal data; "act": the window scope),
# the permission of the object rule, which objects it reads ("cases" / "complaints") and which
# personal fields it shows.
BOTH, NAME_ONLY = ("name", "phone"), ("name",)
OBJECT_ROUTES = [
    ("records.case_detail", _show_case_detail, "show", "records.personal_data", "cases", BOTH),
    ("records.cases", _show_case_list, "show", "records.personal_data", "cases", NAME_ONLY),
    ("records.cases_export", _show_case_export, "show", "records.personal_data", "cases", BOTH),
    ("records.kind_detail", _show_complaint_detail, "show", "records.personal_data", "complaints", BOTH),
    ("records.kind_export", _show_complaint_export, "show", "records.personal_data", "complaints", BOTH),
    ("hall.case", _show_hall_case, "show", "records.personal_data", "cases", NAME_ONLY),
    ("hall.complaint", _show_hall_complaint, "show", "records.personal_data", "complaints", BOTH),
    ("records.case_step", _act_case_step, "act", "records.cases", "cases", ()),
]


def expected(app, endpoint, permission, role, kind) -> bool:
    route_permission = app.view_functions[endpoint].permission
    if role not in PERMISSIONS[route_permission] or role not in PERMISSIONS[permission]:
        return False
    return role != WINDOW_STAFF or kind == OWN  # the object rule: window staff reach their own window only


@pytest.fixture
def hall(app, users, make_user):
    admin = users["admin"]
    center = make_center(admin)
    today = local_today()
    clerk_staff, other_staff = center["staff"][0], center["staff"][1]
    records.add_to_roster(admin, center["wa"], clerk_staff.id, today.year, None)
    records.add_to_roster(admin, center["wb"], other_staff.id, today.year, None)
    users[WINDOW_STAFF].staff_id = clerk_staff.id
    unlinked = make_user(WINDOW_STAFF, username="window_unlinked")
    db.session.commit()
    at = datetime(today.year, today.month, today.day, 9, 30)
    cases, complaints = {}, {}
    for kind, window in ((OWN, center["wa"]), (OTHER, center["wb"]), (NONE, center["wa"])):
        name, phone = NAMES[kind]
        cases[kind] = case_services.register_case(
            admin, center["committed"], at, name, window_id=window.id, applicant_phone=phone
        )
    for kind, window in ((OWN, center["wa"]), (OTHER, center["wb"]), (NONE, None)):
        name, phone = NAMES[kind]
        complaints[kind] = records.save(
            admin,
            Complaint(),
            {
                "number": f"TS-{kind[:2]}",
                "received_on": today,
                "content": "窗口推诿",
                "complainant": name,
                "contact": phone,
                "window_id": window.id if window else None,
            },
        )
    db.session.commit()
    return {"cases": cases, "complaints": complaints, "unlinked": unlinked, "center": center}


def _text(response) -> str:
    if response.mimetype and "spreadsheet" in response.mimetype:
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    return response.get_data(as_text=True)


def _denials() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "denied"))


def _observe(client, ctx, route, kind) -> bool:
    endpoint, make, reach, _permission, objects, fields = route
    method, url, *data = make(ctx, kind)
    before = _denials()
    response = client.open(url, method=method, data=data[0] if data else None)
    assert response.status_code < 500, f"{method} {url}: {response.status_code}"
    if response.status_code == 403:
        return False
    if reach == "act":
        return _denials() == before
    page = _text(response)
    assert response.status_code == 200, f"{method} {url}: {response.status_code}"
    name, phone = NAMES[kind]
    full = {"name": name, "phone": phone}
    masked = {"name": name[0] + "*" * (len(name) - 1), "phone": phone[:3] + "****" + phone[-4:]}
    shown = [f for f in fields if full[f] in page]
    if shown:
        assert shown == list(fields), f"{endpoint} {kind}: only {shown} of {fields} unmasked"
        return True
    for f in fields:
        assert masked[f] in page, f"{endpoint} {kind}: neither the {f} nor its masked form"
    return False


@pytest.mark.slow  # over 10 s on the shared 2-core machine
def test_routes_by_roles_by_object_kinds(app, users, hall, capsys):
    tried, unexpected_allows, unexpected_refusals = 0, [], []
    for role in sorted(ALL_ROLES):
        for kind in OBJECT_KINDS:
            viewer = hall["unlinked"] if (role == WINDOW_STAFF and kind == NONE) else users[role]
            for route in OBJECT_ROUTES:
                if route[4] == "complaints" and viewer is hall["unlinked"]:
                    viewer_here = users[role]  # complaints have a real "no window" object
                else:
                    viewer_here = viewer
                client = app.test_client()
                client.post("/login", data={"username": viewer_here.username, "password": PASSWORD})
                allowed = _observe(client, hall, route, kind)
                want = expected(app, route[0], route[3], role, kind)
                tried += 1
                if allowed and not want:
                    unexpected_allows.append((route[0], role, kind))
                if want and not allowed:
                    unexpected_refusals.append((route[0], role, kind))
    with capsys.disabled():
        print(
            f"\nroutes × roles × object kinds: {len(OBJECT_ROUTES)} × {len(ALL_ROLES)} × {len(OBJECT_KINDS)} = {tried} tried; "
            f"unexpected allows {len(unexpected_allows)}, unexpected refusals {len(unexpected_refusals)}"
        )
    assert unexpected_allows == []
    assert unexpected_refusals == []


def test_reading_and_exporting_personal_data_is_audited(app, users, hall, auth):
    auth.login(users["evaluator"])
    client = auth.client
    client.get(f"/records/cases/{hall['cases'][OWN].id}")
    client.get("/records/k/complaints/export")
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["pd_read", "pd_export"])).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.object_type) for e in entries] == [("pd_read", "rec_cases"), ("pd_export", "rec_complaints")]
    assert '"count":3' in entries[1].details.replace(" ", "")
    # window staff: only what they saw unmasked is logged
    auth.logout()
    auth.login(users[WINDOW_STAFF])
    client.get(f"/records/cases/{hall['cases'][OTHER].id}")
    client.get("/records/k/complaints/export")
    mine = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["pd_read", "pd_export"]), AuditEntry.username == WINDOW_STAFF)
    ).all()
    assert [(e.action, e.object_id) for e in mine] == [("pd_export", str(hall["complaints"][OWN].id))]


def test_history_of_another_windows_record_is_masked_too(app, users, hall, auth):
    case = hall["cases"][OTHER]
    c = hall["complaints"][OTHER]
    records.save(users["admin"], c, {"contact": "13700009999"}, expected_version=c.row_version)
    db.session.commit()
    auth.login(users[WINDOW_STAFF])
    page = auth.client.get(f"/records/k/complaints/{c.id}").get_data(as_text=True)
    assert "13700009999" not in page and "13700004321" not in page and "137****9999" in page
    assert NAMES[OTHER][0] not in auth.client.get(f"/records/cases/{case.id}").get_data(as_text=True)


def test_window_staff_cannot_find_other_windows_cases_by_applicant_name(app, users, hall, auth):
    auth.login(users[WINDOW_STAFF])
    page = auth.client.get("/records/cases/?q=" + NAMES[OTHER][0]).get_data(as_text=True)
    assert hall["cases"][OTHER].number not in page
    page = auth.client.get("/records/cases/?q=" + NAMES[OWN][0]).get_data(as_text=True)
    assert hall["cases"][OWN].number in page


def test_masking_rules():
    from app.auth.logic.masking import mask

    assert mask("张某某") == "张**" and mask("欧阳澄") == "欧**" and mask("李") == "李*"
    assert mask("13800001234", "phone") == "138****1234"
    assert mask("0391-2345678", "phone") == "039*****5678" and mask("2345678", "phone") == "234*678"
    assert mask("110101199003071234", "id_number") == "110***********1234"
    assert mask("", "phone") == "" and mask("", "name") == ""


def test_every_route_on_window_records_is_in_the_object_table(app):
    """A new route on cases or complaints must join OBJECT_ROUTES (or be named here as not reaching
    personal data, with why)."""
    not_personal = {
        "records.case_void": "records.edit: no window-bound role holds it",
        "records.kind_edit": "records.edit: no window-bound role holds it",
        "records.kind_void": "records.edit: no window-bound role holds it",
        "records.kind_list": "the list shows no complainant or contact column",
        "records.case_new": "a new case: the scope check refuses another window (tests/records/test_window_scope.py)",
        "records.kind_new": "records.edit",
    }
    listed = {r[0] for r in OBJECT_ROUTES}
    reaching = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/records/cases", "/records/k/", "/hall/cases/", "/hall/complaints/"))
    }
    missing = reaching - listed - set(not_personal)
    hall_acts = {e for e in missing if e.startswith("hall.")}
    assert missing - hall_acts == set()
    # hall's actions on a case or complaint (joint, rate, report, supplement, assign, decide, step) are
    # checked by the hall room's own window scope; they show no personal data.
    assert all(app.view_functions[e].permission.startswith("hall.") for e in hall_acts)
