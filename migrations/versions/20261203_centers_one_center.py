"""centers (issue 13 item 1): the centers table and center_id on every center-owned table

An existing installation becomes one center: a city-level center named after the installation's
setting (CENTER_NAME, else 本中心) owns every existing row; then center_id is NOT NULL, indexed and a
foreign key (batch mode: the table is rebuilt on SQLite, altered on PostgreSQL).

Revision ID: 20261203_centers
Revises: 20261202_cache_stamps
Create Date: 2026-12-03 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_centers"
down_revision = "20261202_cache_stamps"
branch_labels = None
depends_on = None

# Every table whose rows belong to one center (app/centers/models.py CenterOwned). Not here:
# document_versions and signatures (their document's center), the login throttle, cache stamps,
# job runs, number sequences and search_documents (installation-wide).
CENTER_OWNED = (
    "users",
    "audit_entries",
    "documents",
    "document_kind_settings",
    "document_reviews",
    "acknowledgements",
    "gov_documents",
    "rec_departments",
    "rec_windows",
    "rec_staff",
    "rec_roster_entries",
    "rec_service_items",
    "rec_item_revisions",
    "rec_cases",
    "rec_case_events",
    "rec_complaints",
    "rec_ratings",
    "rec_commendations",
    "rec_attendance",
    "rec_duty",
    "assessment_scheme_versions",
    "assessment_months",
    "assessment_sheets",
    "assessment_entries",
    "assessment_appeals",
    "assessment_flags",
    "assessment_exemplar_cycles",
    "assessment_nominations",
    "assessment_voter_receipts",
    "qm_nonconformities",
    "qm_nc_steps",
    "qm_proposals",
    "qm_objectives",
    "qm_objective_values",
    "qm_internal_auditors",
    "qm_audit_programmes",
    "qm_audits",
    "qm_audit_members",
    "qm_checklist_items",
    "qm_reviews",
    "qm_review_actions",
    "hall_first_contacts",
    "hall_handovers",
    "hall_material_lists",
    "hall_material_entries",
    "hall_supplement_notices",
    "hall_joint_stages",
    "hall_case_reports",
    "hall_complaint_steps",
    "hall_accountability",
    "hall_devices",
    "hall_supervisors",
    "hall_supervisor_visits",
    "hall_quarter_reviews",
    "hall_quarter_appeals",
)


def _installation_name() -> str:
    try:
        from flask import current_app

        return current_app.config.get("CENTER_NAME") or "本中心"
    except RuntimeError:  # no app (alembic run by hand)
        return "本中心"


def upgrade():
    op.create_table(
        "centers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["centers.id"], name=op.f("fk_centers_parent_id_centers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centers")),
        sa.UniqueConstraint("code", name=op.f("uq_centers_code")),
    )
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centers_parent_id"), ["parent_id"], unique=False)
    bind = op.get_bind()
    centers = sa.table("centers", sa.column("code"), sa.column("name"), sa.column("level"), sa.column("row_version"))
    bind.execute(sa.insert(centers).values(code="C1", name=_installation_name(), level="city", row_version=1))
    center_id = bind.execute(sa.text("SELECT min(id) FROM centers")).scalar()
    for name in CENTER_OWNED:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("center_id", sa.Integer(), nullable=True))
        bind.execute(sa.text(f"UPDATE {name} SET center_id = :c"), {"c": center_id})
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column("center_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{name}_center_id"), ["center_id"], unique=False)
            batch_op.create_foreign_key(batch_op.f(f"fk_{name}_center_id_centers"), "centers", ["center_id"], ["id"])


def downgrade():
    for name in reversed(CENTER_OWNED):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{name}_center_id_centers"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{name}_center_id"))
            batch_op.drop_column("center_id")
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centers_parent_id"))
    op.drop_table("centers")
