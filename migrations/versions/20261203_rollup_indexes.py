"""rollup: indexes for the month's lights and ratings of several centers, grouped by center or window

The roll-up (app/rollup) reads the month's received / closed / on-time figures from the case summary
(rec_case_summary) and counts the lights that came on in the month from the cases: partial indexes
hold only the cases that can have had the light (red: open or closed after the due date; yellow:
open on its yellow day), beginning with center_id, so a month of 111 centers is a small index-only
range; the ratings get one beginning with center_id and the rating day.

Revision ID: 20261203_rollup
Revises: 20261203_stats_lights
Create Date: 2026-12-03 06:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_rollup"
down_revision = "20261203_stats_lights"
branch_labels = None
depends_on = None

RED = "voided_at IS NULL AND (completed_on IS NULL OR completed_on > due_on)"
YELLOW = "voided_at IS NULL AND is_instant = {false} AND (completed_on IS NULL OR completed_on >= yellow_on)"
RATINGS = ["center_id", "rated_on", "grade", "window_id", "voided_at", "excluded_kind"]


def upgrade():
    false = "false" if op.get_bind().dialect.name == "postgresql" else "0"
    for name, columns, where in (
        ("ix_rec_cases_center_red", ["center_id", "due_on", "window_id"], RED),
        ("ix_rec_cases_center_yellow", ["center_id", "yellow_on", "window_id"], YELLOW.format(false=false)),
    ):
        op.create_index(
            name, "rec_cases", columns, unique=False, postgresql_where=sa.text(where), sqlite_where=sa.text(where)
        )
    op.create_index("ix_rec_ratings_center_day", "rec_ratings", RATINGS, unique=False)


def downgrade():
    op.drop_index("ix_rec_ratings_center_day", table_name="rec_ratings")
    op.drop_index("ix_rec_cases_center_yellow", table_name="rec_cases")
    op.drop_index("ix_rec_cases_center_red", table_name="rec_cases")
