"""Invitations and the participants that delegations nominate.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'sent', 'acknowledged', 'nominated', 'confirmed', 'declined', 'no_reply', name='invitationstate', native_enum=False, length=32), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('nominated_on', sa.Date(), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('declined_on', sa.Date(), nullable=True),
    sa.Column('no_reply_on', sa.Date(), nullable=True),
    sa.Column('reminder_count', sa.Integer(), nullable=False),
    sa.Column('last_reminder_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'delegation_id')
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('salutation', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('rank', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('function', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('agency', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('gender', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=32), nullable=True),
    sa.Column('head_of_delegation', sa.Boolean(), nullable=False),
    sa.Column('registration_status', sa.Enum('nominated', 'registered', 'cancelled', name='registrationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('security_access', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'email', name='uq_participant_meeting_email')
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('uq_participant_one_head', ['meeting_id', 'delegation_id'], unique=True, sqlite_where=sa.text('head_of_delegation'), postgresql_where=sa.text('head_of_delegation'))


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('uq_participant_one_head', sqlite_where=sa.text('head_of_delegation'), postgresql_where=sa.text('head_of_delegation'))
        batch_op.drop_index(batch_op.f('ix_participant_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_participant_delegation_id'))

    op.drop_table('participant')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_meeting_id'))

    op.drop_table('invitation')
