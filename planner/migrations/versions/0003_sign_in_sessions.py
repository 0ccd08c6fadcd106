"""Sign-in sessions and failed sign-ins; a participant's address is unique within their delegation.

A delegate's nomination is checked only against their own delegation, so trying an address tells them nothing about
the others; organizers still see addresses nominated twice in one meeting.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_session_user_id'), ['user_id'], unique=False)

    op.create_table('failed_sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('failed_sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_sign_in_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_failed_sign_in_at'), ['at'], unique=False)

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_meeting_email', type_='unique')
        batch_op.create_unique_constraint('uq_participant_delegation_email', ['meeting_id', 'delegation_id', 'email'])


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_delegation_email', type_='unique')
        batch_op.create_unique_constraint('uq_participant_meeting_email', ['meeting_id', 'email'])

    with op.batch_alter_table('failed_sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_sign_in_at'))
        batch_op.drop_index(batch_op.f('ix_failed_sign_in_key'))

    op.drop_table('failed_sign_in')
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_session_user_id'))

    op.drop_table('sign_in_session')
