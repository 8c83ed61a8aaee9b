"""quality: audit reports and management-review minutes as records (issue 16)

qm_audits gets the report's issue date and issuer, the SF-QP-03 version in force and the closing
date; qm_reviews the gathering time, the minutes' issue date, the SF-QP-06 version in force and
who opened it; qm_review_actions the number of the document an action revises; rec_ratings a covering index
for satisfaction by day (objectives, review inputs). Existing rows keep their data (new columns are nullable).

Revision ID: 20261202_quality_audits
Revises: 20261202_sequences
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_quality_audits"
down_revision = "20261202_sequences"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("qm_audits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_issued_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("report_issued_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("procedure_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_qm_audits_report_issued_by_id_users"), "users", ["report_issued_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_qm_audits_procedure_version_id_document_versions"),
            "document_versions",
            ["procedure_version_id"],
            ["id"],
        )
    with op.batch_alter_table("qm_reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inputs_gathered_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("minutes_issued_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("procedure_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_qm_reviews_procedure_version_id_document_versions"),
            "document_versions",
            ["procedure_version_id"],
            ["id"],
        )
        batch_op.create_foreign_key(batch_op.f("fk_qm_reviews_created_by_id_users"), "users", ["created_by_id"], ["id"])
    with op.batch_alter_table("qm_review_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_number", sa.String(length=40), server_default="", nullable=False))
    with op.batch_alter_table("rec_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_rec_ratings_day_grade", ["rated_on", "grade", "voided_at"], unique=False)


def downgrade():
    with op.batch_alter_table("rec_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_rec_ratings_day_grade")
    with op.batch_alter_table("qm_review_actions", schema=None) as batch_op:
        batch_op.drop_column("document_number")
    with op.batch_alter_table("qm_reviews", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_qm_reviews_created_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_qm_reviews_procedure_version_id_document_versions"), type_="foreignkey")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("procedure_version_id")
        batch_op.drop_column("minutes_issued_on")
        batch_op.drop_column("inputs_gathered_at")
    with op.batch_alter_table("qm_audits", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_qm_audits_procedure_version_id_document_versions"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_qm_audits_report_issued_by_id_users"), type_="foreignkey")
        batch_op.drop_column("closed_on")
        batch_op.drop_column("procedure_version_id")
        batch_op.drop_column("report_issued_by_id")
        batch_op.drop_column("report_issued_on")
