"""The demo center's scoring obeys the same rules as anyone's (issue 14): no month opened before
it began, none locked before it ended or by the evaluator who submitted it, no entry dated in
the future, proposals that name their records."""

import calendar
from datetime import date

import pytest
from sqlalchemy import select

from app.assessment import demo
from app.assessment.models import AssessmentMonth, ScoreEntry
from app.auth import demo as auth_demo
from app.core.timeutil import local_today
from app.documents import demo as documents_demo
from app.extensions import db
from app.records import demo as records_demo


@pytest.mark.slow  # loads the documents, records and assessment demo
def test_the_demo_months_obey_the_guards(app):
    auth_demo.load()
    documents_demo.load()
    records_demo.load()
    demo.load()
    db.session.commit()
    today = local_today()
    months = db.session.scalars(select(AssessmentMonth)).all()
    assert len(months) == 5
    for m in months:
        assert (m.year, m.month) <= (today.year, today.month)
        if m.locked_at is not None:
            assert m.publicity_start > date(m.year, m.month, calendar.monthrange(m.year, m.month)[1])
            assert m.locked_by_id != m.submitted_by_id
    entries = db.session.scalars(select(ScoreEntry)).all()
    assert entries and all(e.occurred_on is None or e.occurred_on <= today for e in entries)
    assert any(e.evidence for e in entries if e.source)
