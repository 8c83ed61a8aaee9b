"""`flask demo load --city` (issue 13 item 1): a city, 2 counties and 3 townships, each loaded by the
rooms' own demo loaders inside acting_in(center); the one-center demo stays one center.

The whole set of loaders takes minutes per center, so the CLI runs here with the centers, accounts
and records loaders only (the others are the same calls inside the same acting_in/profile)."""

import pytest
from sqlalchemy import func, select

import app.cli as cli
from app.auth import demo as auth_demo
from app.auth.models import User
from app.centers import demo as centers_demo
from app.centers.context import acting_in
from app.centers.models import Center
from app.extensions import db
from app.records import demo as records_demo
from app.records.models import Case, Department, Staff, Window


def _count(model, *where, center=None):
    stmt = select(func.count()).select_from(model).where(*where)
    if center is None:
        return db.session.scalar(stmt.execution_options(all_centers=True))
    return db.session.scalar(stmt.where(model.center_id == center).execution_options(all_centers=True))


@pytest.fixture
def light_loaders(monkeypatch):
    monkeypatch.setattr(cli, "_demo_modules", lambda: [centers_demo, auth_demo, records_demo])


@pytest.mark.slow  # six centers' records (~10,000 cases) on the shared machine
def test_city_demo_loads_six_centers_each_with_its_own_rows(app, light_loaders):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--city"])
    assert result.exit_code == 0, result.output
    centers = db.session.scalars(select(Center).order_by(Center.id)).all()
    assert [c.level for c in centers] == ["city", "county", "county", "township", "township", "township"]
    by_code = {c.code: c for c in centers}
    city = centers[0]
    assert by_code["QS"].parent_id == by_code["BS"].parent_id == city.id
    assert by_code["YX"].parent_id == by_code["SQ"].parent_id == by_code["QS"].id
    assert by_code["LH"].parent_id == by_code["BS"].id
    for center in centers:
        assert _count(Department, center=center.id) == 12
        assert _count(Window, center=center.id) == 20
        assert _count(Staff, center=center.id) == 60
        assert _count(Case, center=center.id) > 100
        assert _count(User, center=center.id) >= 9 + 50  # the core accounts and the roster's
    # the city keeps the one-center demo's logins; a county's are its own, with its own names
    admin = db.session.scalar(select(User).filter_by(username="admin").execution_options(all_centers=True))
    assert admin.center_id == city.id and admin.display_name == "周立衡"
    qs_admin = db.session.scalar(select(User).filter_by(username="qs_admin").execution_options(all_centers=True))
    assert qs_admin.center_id == by_code["QS"].id and qs_admin.display_name == "陆承安"
    clerk = db.session.scalar(select(User).filter_by(username="yx_chuangkou").execution_options(all_centers=True))
    staff = db.session.get(Staff, clerk.staff_id, execution_options={"all_centers": True})
    assert staff.center_id == by_code["YX"].id and staff.name == clerk.display_name == "凌照水"
    assert db.session.scalar(
        select(Department.name).where(Department.center_id == by_code["QS"].id).execution_options(all_centers=True)
    ).startswith("县")
    # a township has fewer cases a day than the city
    assert _count(Case, center=by_code["SQ"].id) < _count(Case, center=city.id) / 2
    # the logins of every center are printed
    for login in ("admin", "qs_admin", "bs_kaoping", "yx_zhiliang", "sq_shenji", "lh_chuangkou2"):
        assert login in result.output
    # idempotent: a second run adds no center, account or case
    before = (_count(Center), _count(User), _count(Case))
    again = runner.invoke(args=["demo", "load", "--city"])
    assert again.exit_code == 0, again.output
    assert (_count(Center), _count(User), _count(Case)) == before
    # reads inside a county see its rows only
    with acting_in(by_code["BS"].id):
        assert db.session.scalar(select(func.count()).select_from(Window)) == 20
        assert db.session.scalar(select(User.id).filter_by(username="admin")) is None


def test_default_demo_stays_one_center(app, light_loaders):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert _count(Center) == 1
    assert _count(Window) == 20
    assert db.session.scalar(select(User.id).filter_by(username="qs_admin").execution_options(all_centers=True)) is None


def test_the_profile_changes_logins_and_department_names_only_in_the_city_demo():
    from app.core.demoprofile import DEFAULT, login, using

    assert login("admin") == "admin" and DEFAULT.department("市公安局") == "市公安局"
    county = centers_demo.CITY[1].profile
    with using(county):
        assert login("admin") == "qs_admin"
    assert login("admin") == "admin"
    assert county.department("市公安局") == "县公安局" and county.department("不动产登记中心") == "不动产登记中心"
    assert len({c.profile.login_prefix for c in centers_demo.CITY}) == len(centers_demo.CITY)
