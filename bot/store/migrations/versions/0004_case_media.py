"""case_message.media_message_id: photos and documents sent before a claim reach the key figure who claims

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 12:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('media_message_id', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_message', schema=None) as batch_op:
        batch_op.drop_column('media_message_id')
