"""A small hall for the hall's service tests: two windows with one staff account each, a
committed item with its material list, an admin and an evaluator (real database, services)."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.extensions import db
from app.hall.services import materials
from tests.factories import create_center, put_on_window

MATERIALS = [
    {
        "key": "form",
        "name": "食品经营许可申请书",
        "form": "原件",
        "count": 1,
        "template": "申请书模板",
        "legal_basis": "《食品经营许可和备案管理办法》第十三条",
    },
    {"key": "license", "name": "营业执照", "form": "复印件", "count": 1},
    {"key": "plan", "name": "经营场所平面图", "form": "原件", "count": 1},
    {"key": "id", "name": "法定代表人身份证明", "form": "复印件", "count": 1},
]


@pytest.fixture
def hall(app, make_user):
    admin = make_user("admin", "hadmin", "梁管理")
    c = create_center(admin)
    db.session.commit()
    today = date.today()
    staff_a = make_user("window_staff", "wa", "甘若木")
    staff_b = make_user("window_staff", "wb", "岑知秋")
    put_on_window(admin, staff_a, c["staff"][0], c["wa"], today.year - 1, today.year)
    put_on_window(admin, staff_b, c["staff"][1], c["wb"], today.year - 1, today.year)
    evaluator = make_user("evaluator", "heval", "祁督查")
    ml = materials.save_list(admin, c["committed"], date(2024, 1, 1), MATERIALS)
    db.session.commit()
    return SimpleNamespace(
        admin=admin,
        evaluator=evaluator,
        a=staff_a,
        b=staff_b,
        wa=c["wa"],
        wb=c["wb"],
        item=c["committed"],
        instant=c["instant"],
        staff=c["staff"],
        materials=ml,
        dept=c["dept"],
    )
