"""centers: numbers, names and periods unique per center, number sequences per center

Two counties both have a window 1, a department 市场监管局, case BJ20260603001 and an assessment month
2026-06: what was unique in the installation is unique per center now (center_id joins each unique
constraint); a document kind's settings are per center (primary key center_id + kind); the number
sequences are named ``<center id>:<prefix>``.

Revision ID: 20261203_centers_unique
Revises: 20261203_centers
Create Date: 2026-12-03 00:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_centers_unique"
down_revision = "20261203_centers"
branch_labels = None
depends_on = None

# table -> [(old name, old columns, new name, new columns)]
UNIQUES = {
    "rec_departments": [("uq_rec_departments_name", ["name"], "uq_rec_departments_center_name", None)],
    "rec_windows": [("uq_rec_windows_number", ["number"], "uq_rec_windows_center_number", None)],
    "rec_service_items": [("uq_rec_service_items_code", ["code"], "uq_rec_service_items_center_code", None)],
    "rec_cases": [("uq_rec_cases_number", ["number"], "uq_rec_cases_center_number", None)],
    "rec_complaints": [("uq_rec_complaints_number", ["number"], "uq_rec_complaints_center_number", None)],
    "documents": [("uq_documents_number", ["number"], "uq_documents_center_number", None)],
    "gov_documents": [("uq_gov_documents_sha256", ["sha256"], "uq_gov_documents_center_sha256", None)],
    "hall_first_contacts": [
        ("uq_hall_first_contacts_number", ["number"], "uq_hall_first_contacts_center_number", None)
    ],
    "hall_supplement_notices": [
        ("uq_hall_supplement_notices_number", ["number"], "uq_hall_supplement_notices_center_number", None),
        ("uq_hall_supplement_notices_year_seq", ["year", "seq"], "uq_hall_supplement_notices_center_year_seq", None),
    ],
    "hall_quarter_reviews": [
        ("uq_hall_quarter_reviews_yq", ["year", "quarter"], "uq_hall_quarter_reviews_center_yq", None)
    ],
    "qm_nonconformities": [("uq_qm_nonconformities_number", ["number"], "uq_qm_nonconformities_center_number", None)],
    "qm_objectives": [
        ("uq_qm_objectives_year_measure", ["year", "measure"], "uq_qm_objectives_center_year_measure", None)
    ],
    "qm_audit_programmes": [("uq_qm_audit_programmes_year", ["year"], "uq_qm_audit_programmes_center_year", None)],
    "qm_audits": [("uq_qm_audits_number", ["number"], "uq_qm_audits_center_number", None)],
    "qm_reviews": [("uq_qm_reviews_number", ["number"], "uq_qm_reviews_center_number", None)],
    "assessment_months": [
        ("uq_assessment_months_year_month", ["year", "month"], "uq_assessment_months_center_year_month", None)
    ],
    "assessment_exemplar_cycles": [
        (
            "uq_assessment_exemplar_cycles_period",
            ["kind", "year", "number"],
            "uq_assessment_exemplar_cycles_center_period",
            None,
        )
    ],
}


def upgrade():
    for table, changes in UNIQUES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for old, columns, new, _ in changes:
                batch_op.drop_constraint(old, type_="unique")
                batch_op.create_unique_constraint(new, ["center_id", *columns])
    with op.batch_alter_table("document_kind_settings", schema=None) as batch_op:
        batch_op.drop_constraint("pk_document_kind_settings", type_="primary")
        batch_op.create_primary_key("pk_document_kind_settings", ["center_id", "kind"])
    # the existing sequences belong to the one center the installation became
    center_id = op.get_bind().execute(sa.text("SELECT min(id) FROM centers")).scalar()
    if center_id is not None:
        op.get_bind().execute(
            sa.text("UPDATE number_sequences SET name = :p || name WHERE name NOT LIKE '%:%'"), {"p": f"{center_id}:"}
        )


def downgrade():
    op.get_bind().execute(
        sa.text("UPDATE number_sequences SET name = substr(name, strpos(name, ':') + 1) WHERE name LIKE '%:%'")
        if op.get_bind().dialect.name == "postgresql"
        else sa.text("UPDATE number_sequences SET name = substr(name, instr(name, ':') + 1) WHERE name LIKE '%:%'")
    )
    with op.batch_alter_table("document_kind_settings", schema=None) as batch_op:
        batch_op.drop_constraint("pk_document_kind_settings", type_="primary")
        batch_op.create_primary_key("pk_document_kind_settings", ["kind"])
    for table, changes in UNIQUES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for old, columns, new, _ in changes:
                batch_op.drop_constraint(new, type_="unique")
                batch_op.create_unique_constraint(old, columns)
