"""The 好差评 loop in the quality objectives (GB/T 32169.4 satisfaction, GB/T 39735 exclusions):
a rating excluded as mistaken does not count, and the 差评 rectification rate is a measure."""

from datetime import datetime

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.services import ratings
from app.quality import queries as quality
from app.records.services import cases as case_services


def _rated(hall, grade, on):
    c = case_services.register_case(
        hall.a, hall.item, datetime.combine(on, datetime.min.time()).replace(hour=9), "申请人", window_id=hall.wa.id
    )
    return ratings.rate_case(hall.a, c, grade, on)


def test_excluded_ratings_leave_the_satisfaction_rate_and_rectification_is_measured(hall):
    today = local_today()
    day = add_workdays(today, -20) if add_workdays(today, -20).month == today.month else today.replace(day=1)
    good = _rated(hall, 5, day)
    mistaken = _rated(hall, 1, day)
    upheld = _rated(hall, 2, day)
    ratings.verify(
        hall.evaluator, mistaken, "other", False, day, mistaken.row_version, note="误点", exclusion_kind="mistaken"
    )
    ratings.verify(hall.evaluator, upheld, "attitude", True, add_workdays(today, -16), upheld.row_version, note="属实")
    db.session.commit()
    sat = quality.measure_by_month("satisfaction", day.year)[day.month]
    assert (sat.numerator, sat.denominator) == (1, 2)  # the mistaken 差评 is not counted
    due = upheld.rectify_due_on
    rate = quality.measure_by_month("rectify_rate", due.year)[due.month]
    assert (rate.numerator, rate.denominator) == (0, 1)
    ratings.rectify(hall.evaluator, upheld, today, "整改", upheld.row_version)
    db.session.commit()
    rate = quality.measure_by_month("rectify_rate", due.year)[due.month]
    assert (rate.numerator, rate.denominator) == ((1 if today <= due else 0), 1)
    assert good.id
