"""Every statement sees the current center's rows (ORM and Core), new rows belong to it, numbers and
names are unique per center, and the permission module says who sees below."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text, update

from app import kernel
from app.auth.permissions import may_see_center, visible_center_ids
from app.centers.context import acting_in, current_center_id, seeing
from app.centers.models import Center
from app.centers.queries import ancestor_ids, descendant_ids
from app.centers.services import CenterError, create_center, rename_center
from app.extensions import db
from app.records.models import Case, Complaint, Department, Window
from app.records.services import cases as case_services


def test_orm_and_core_reads_see_the_current_center_only(counties):
    a, b = counties.ids["A"], counties.ids["B"]
    b_case, a_case = counties.own_ids["B"]["case"], counties.own_ids["A"]["case"]
    db.session.expunge_all()  # as in a request: nothing loaded yet (the identity map answers get() itself)
    with acting_in(a):
        names = set(db.session.scalars(select(Department.name)))
        assert "甲县专属局" in names and "乙县专属局" not in names
        assert db.session.get(Case, b_case) is None
        assert db.session.get(Case, a_case) is not None
        # aggregates and Core shapes
        n_a = db.session.scalar(select(func.count(Case.id)))
        assert n_a == db.session.scalar(select(func.count()).select_from(Case))
        assert n_a == db.session.scalar(select(func.count()).where(Case.number.is_not(None)))
        assert n_a == len(db.session.execute(select(Case.__table__)).all())
        joined = db.session.execute(
            select(Window.__table__.c.name).select_from(Window.__table__.join(Department.__table__))
        ).scalars()
        assert "乙县专属窗口" not in set(joined)
        grouped = dict(db.session.execute(select(Case.window_id, func.count()).group_by(Case.window_id)).all())
        assert counties.own_ids["B"]["window"] not in grouped
        # a subquery of an entity is scoped too
        sub = select(Complaint.id).subquery()
        assert db.session.scalar(select(func.count()).select_from(sub)) == db.session.scalar(
            select(func.count(Complaint.id))
        )
        # raw SQL is not: it must say which center (DEVELOPERS.md)
        raw = db.session.execute(text("SELECT count(*) FROM rec_cases")).scalar()
        assert raw > n_a
        # ORM bulk UPDATE reaches this center's rows only
        db.session.execute(update(Department).values(short_name="改"))
        db.session.commit()
    rows = db.session.execute(text("SELECT center_id, short_name FROM rec_departments")).all()
    assert {s for c, s in rows if c == a} == {"改"} and "改" not in {s for c, s in rows if c == b}


def test_crossing_centers_is_explicit(counties):
    a, b = counties.ids["A"], counties.ids["B"]
    with acting_in(a):
        every = db.session.scalars(select(Department.name).execution_options(all_centers=True)).all()
        assert {"甲县专属局", "乙县专属局", "本市专属局"} <= set(every)
        both = db.session.scalars(select(Department.name).execution_options(center_ids=[a, b])).all()
        assert "本市专属局" not in both and "乙县专属局" in both
        with seeing([a, b]):
            assert "乙县专属局" in set(db.session.scalars(select(Department.name)))
            assert current_center_id() == a  # new rows still belong to A


def test_new_rows_belong_to_the_current_center_and_numbers_run_per_center(counties):
    a, b = counties.ids["A"], counties.ids["B"]
    numbers = {}
    for code, center in (("A", a), ("B", b)):
        with acting_in(center):
            admin = counties.people[code]["admin"]
            item = counties.shared[code]["committed"]
            c = case_services.register_case(admin, item, datetime(2026, 6, 4, 9, 0), "某人")
            db.session.commit()
            assert c.center_id == center
            assert c.events and all(e.center_id == center for e in c.events)
            numbers[code] = c.number
    assert numbers["A"] == numbers["B"]  # each county's first case of the day: same number, no clash
    with acting_in(a):
        window = Window(
            number="6", name="重号窗口", department_id=counties.shared["A"]["dept"].id, opened_on=date(2020, 1, 1)
        )
        db.session.add(window)
        with pytest.raises(kernel.Conflict):
            kernel.flush()  # window 6 exists in A already (B's window 6 did not stop A's own)


def test_a_request_runs_in_the_users_center(counties, client):
    b_case, a_case = counties.own_ids["B"]["case"], counties.own_ids["A"]["case"]
    db.session.expunge_all()  # the test shares the requests' session: start each as a request would
    client.post("/login", data={"username": "a_admin", "password": "password123"})
    db.session.expunge_all()
    response = client.get(f"/records/cases/{b_case}")
    assert response.status_code == 404
    db.session.expunge_all()
    response = client.get(f"/records/cases/{a_case}")
    assert response.status_code == 200 and "甲县专属申请人" in response.get_data(as_text=True)


def test_who_sees_below(counties):
    city, a, b = counties.ids["city"], counties.ids["A"], counties.ids["B"]
    p = counties.people
    assert visible_center_ids(p["city"]["evaluator"], "statistics") == [city, a, b]
    assert visible_center_ids(p["city"]["admin"], "statistics") == [city, a, b]
    assert visible_center_ids(p["city"]["window_staff"], "statistics") == [city]
    assert visible_center_ids(p["city"]["evaluator"]) == [city]  # own rows only unless a purpose says more
    assert visible_center_ids(p["A"]["evaluator"], "statistics") == [a]  # no township below A
    assert not may_see_center(p["A"]["evaluator"], b, "statistics")
    assert not may_see_center(p["A"]["admin"], city, "statistics")
    assert may_see_center(p["city"]["quality_manager"], b, "statistics")
    with pytest.raises(KeyError):
        visible_center_ids(p["A"]["admin"], "gossip")


def test_the_tree_and_its_changes_are_audited(counties):
    city, a = counties.ids["city"], counties.ids["A"]
    with acting_in(a):
        town = create_center(counties.people["A"]["admin"], "A-1", "甲县城关镇便民中心", "township", a)
        db.session.commit()
    assert ancestor_ids(town.id) == [a, city] and town.id in descendant_ids(city)
    assert visible_center_ids(counties.people["A"]["evaluator"], "statistics") == [a, town.id]
    with pytest.raises(CenterError, match="层级不对"):
        create_center(None, "X", "错层", "county", town.id)
    with pytest.raises(kernel.PermissionDenied):  # B's admin cannot add below A
        create_center(counties.people["B"]["admin"], "A-2", "乙管甲", "township", a)
    with pytest.raises(kernel.PermissionDenied):
        create_center(counties.people["A"]["evaluator"], "A-3", "考评员", "township", a)
    with pytest.raises(CenterError, match="已被使用"):
        create_center(None, "A-1", "重码", "township", a)
    with acting_in(a):
        rename_center(counties.people["A"]["admin"], town, "甲县城关镇政务服务站", town.row_version)
        db.session.commit()
    entries = db.session.execute(
        text("SELECT action, center_id FROM audit_entries WHERE object_type = 'center' ORDER BY id")
    ).all()
    assert [e.action for e in entries][-2:] == ["create", "rename"]
    assert entries[-1].center_id == a
    assert db.session.get(Center, town.id).level_label == "乡"
