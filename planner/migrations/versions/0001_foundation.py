"""Foundation: reference data, users, audit, meetings, priorities and the agenda.

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auditentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('actor_role', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auditentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditentry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditentry_actor_email'), ['actor_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditentry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditentry_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditentry_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('participating_state', 'partner_mediterranean', 'partner_asian', 'organization', 'host', name='delegationkind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('in_sentence', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('other_names', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('iso_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('joined', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegation_kind'), ['kind'], unique=False)

    op.create_table('normativedocument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('symbol', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('symbol')
    )
    op.create_table('priority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('chairmanship_id', sa.Integer(), nullable=False),
    sa.Column('chairmanship_year', sa.Integer(), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('languages', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('registration_deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'planned', 'invitations_sent', 'held', 'concluded', name='meetingstatus', native_enum=False, length=32), nullable=False),
    sa.Column('symbol_prefix', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('format_key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('next_document_number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chairmanship_id'], ['delegation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sa.Enum('organizer', 'delegate', 'secretariat', 'admin', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('agendaitem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start', sa.Time(), nullable=False),
    sa.Column('end', sa.Time(), nullable=False),
    sa.Column('kind', sa.Enum('opening', 'session', 'break', 'lunch', 'closing', name='agendaitemkind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=True),
    sa.Column('room', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('moderator', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('rapporteur', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('speakers', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('interpretation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['priority_id'], ['priority.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agendaitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agendaitem_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meetingpriority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['priority_id'], ['priority.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'priority_id')
    )
    with op.batch_alter_table('meetingpriority', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetingpriority_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meetingpriority', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetingpriority_meeting_id'))

    op.drop_table('meetingpriority')
    with op.batch_alter_table('agendaitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agendaitem_meeting_id'))

    op.drop_table('agendaitem')
    op.drop_table('user')
    op.drop_table('meeting')
    op.drop_table('priority')
    op.drop_table('normativedocument')
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegation_kind'))

    op.drop_table('delegation')
    with op.batch_alter_table('auditentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auditentry_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_auditentry_entity'))
        batch_op.drop_index(batch_op.f('ix_auditentry_at'))
        batch_op.drop_index(batch_op.f('ix_auditentry_actor_email'))
        batch_op.drop_index(batch_op.f('ix_auditentry_action'))

    op.drop_table('auditentry')
