"""The center tree is kept per worker (read on every search and statistics page); a new center is
seen at once, in the transaction that made it and after, and not after a rollback."""

from app.centers import queries
from app.centers.context import default_center_id
from app.centers.services import create_center
from app.extensions import db


def test_a_new_center_is_seen_at_once_and_a_rolled_back_one_never(app, users):
    city = default_center_id()
    assert queries.descendant_ids(city) == []  # read once, kept
    county = create_center(users["admin"], "X1", "甲县政务服务中心", "county", city)  # flushed, not committed
    assert queries.descendant_ids(city) == [county.id]
    db.session.commit()
    assert queries.descendant_ids(city) == [county.id]
    assert queries.ancestor_ids(county.id) == [city]

    other = create_center(users["admin"], "X2", "乙县政务服务中心", "county", city)
    assert queries.descendant_ids(city) == [county.id, other.id]
    db.session.rollback()
    assert queries.descendant_ids(city) == [county.id]
