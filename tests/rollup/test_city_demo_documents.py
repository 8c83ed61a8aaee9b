"""`flask demo load --city` with the documents loader too: each center's own register and signers,
then the rules handed down by the city (app/documents/demo_city.py, the city room's loader)."""

import pytest
from sqlalchemy import select

import app.cli as cli
from app.auth import demo as auth_demo
from app.centers import demo as centers_demo
from app.centers.models import Center
from app.documents import demo as documents_demo
from app.documents.models import Document
from app.extensions import db


@pytest.mark.slow  # the bundled documents loaded in six centers
def test_city_demo_hands_rules_down(app, monkeypatch):
    monkeypatch.setattr(cli, "_demo_modules", lambda: [centers_demo, auth_demo, documents_demo])
    result = app.test_cli_runner().invoke(args=["demo", "load", "--city"])
    assert result.exit_code == 0, result.output
    assert "下发制度：" in result.output
    centers = db.session.scalars(select(Center).order_by(Center.id)).all()
    every = {"all_centers": True}
    for center in centers:
        n = db.session.scalar(
            select(db.func.count(Document.id)).where(Document.center_id == center.id).execution_options(**every)
        )
        assert n >= 40, center.code  # its own register
    variants = db.session.scalars(
        select(Document).where(Document.handed_down_from_id.is_not(None)).execution_options(**every)
    ).all()
    counties = {c.id for c in centers if c.level == "county"}
    assert len(variants) == 2 and {d.center_id for d in variants} == counties
