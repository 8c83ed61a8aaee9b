"""hall: the service item a queue ticket was drawn for (issue 15 item 7)

A 首问 record made from a queue ticket keeps the item chosen at the ticket machine, so the window
that calls the ticket turns it into a case of that item in one click.

Revision ID: 20261202_hall_ticket_item
Revises: 20261202_ballot_tally
Create Date: 2026-12-02 19:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_hall_ticket_item"
down_revision = "20261202_ballot_tally"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hall_first_contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_hall_first_contacts_item_id_rec_service_items"), "rec_service_items", ["item_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("hall_first_contacts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_hall_first_contacts_item_id_rec_service_items"), type_="foreignkey")
        batch_op.drop_column("item_id")
