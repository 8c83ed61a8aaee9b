"""stats: case summary (totals per center, window and month), filled from the cases

The case statistics and the records dashboard read closed and current months from this table
(issue 17 item 6); the app keeps it with every case change, `flask records rebuild-summary`
recomputes it. Filled here with the same rules as app/records/logic/summary.py: received (and
即办件) in the month of received_on, completed with on time / early / overdue / timed figures in the
month of completed_on (撤销 and voided cases left out).

Revision ID: 20261203_stats
Revises: 20261203_city
Create Date: 2026-12-03 06:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_stats"
down_revision = "20261203_city"
branch_labels = None
depends_on = None

FIGURES = ("received", "instant", "completed", "on_time", "early", "overdue", "timed", "used_sum", "limit_sum")


def upgrade():
    op.create_table(
        "rec_case_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in FIGURES],
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["center_id"], ["centers.id"], name=op.f("fk_rec_case_summary_center_id_centers")),
        sa.ForeignKeyConstraint(
            ["window_id"], ["rec_windows.id"], name=op.f("fk_rec_case_summary_window_id_rec_windows")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rec_case_summary")),
        sa.UniqueConstraint("center_id", "window_id", "year", "month", name="uq_rec_case_summary_key"),
    )
    with op.batch_alter_table("rec_case_summary", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rec_case_summary_center_id"), ["center_id"], unique=False)
        batch_op.create_index("ix_rec_case_summary_year", ["year", "month"], unique=False)
    _fill(op.get_bind())


def _fill(bind):
    cases = sa.table(
        "rec_cases",
        *[
            sa.column(n)
            for n in (
                "center_id",
                "window_id",
                "received_on",
                "is_instant",
                "voided_at",
                "completed_on",
                "state",
                "due_on",
                "used_days",
                "limit_days",
            )
        ],
    )
    c = cases.c

    def count_if(cond):
        return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)

    instant = c.is_instant == sa.true()
    timed = c.is_instant == sa.false()
    totals = {}
    yr, mr = sa.func.extract("year", c.received_on), sa.func.extract("month", c.received_on)
    for center, window, year, month, n, n_instant in bind.execute(
        sa.select(c.center_id, c.window_id, yr, mr, sa.func.count(), count_if(instant))
        .where(c.voided_at.is_(None))
        .group_by(c.center_id, c.window_id, yr, mr)
    ):
        row = totals.setdefault((center, window, int(year), int(month)), dict.fromkeys(FIGURES, 0))
        row.update(received=int(n), instant=int(n_instant))
    yc, mc = sa.func.extract("year", c.completed_on), sa.func.extract("month", c.completed_on)
    for center, window, year, month, *figures in bind.execute(
        sa.select(
            c.center_id,
            c.window_id,
            yc,
            mc,
            sa.func.count(),
            count_if(c.completed_on <= c.due_on),
            count_if(timed & (c.used_days < c.limit_days)),
            count_if(c.completed_on > c.due_on),
            count_if(timed),
            sa.func.coalesce(sa.func.sum(sa.case((timed, c.used_days), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((timed, c.limit_days), else_=0)), 0),
        )
        .where(c.completed_on.is_not(None), c.state != "withdrawn", c.voided_at.is_(None))
        .group_by(c.center_id, c.window_id, yc, mc)
    ):
        row = totals.setdefault((center, window, int(year), int(month)), dict.fromkeys(FIGURES, 0))
        row.update(zip(FIGURES[2:], (int(f) for f in figures), strict=True))
    summary = sa.table(
        "rec_case_summary", *[sa.column(n) for n in ("center_id", "window_id", "year", "month", *FIGURES)]
    )
    rows = [dict(center_id=k[0], window_id=k[1], year=k[2], month=k[3], **v) for k, v in sorted(totals.items())]
    for i in range(0, len(rows), 1000):
        bind.execute(summary.insert(), rows[i : i + 1000])


def downgrade():
    with op.batch_alter_table("rec_case_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_rec_case_summary_year")
        batch_op.drop_index(batch_op.f("ix_rec_case_summary_center_id"))
    op.drop_table("rec_case_summary")
