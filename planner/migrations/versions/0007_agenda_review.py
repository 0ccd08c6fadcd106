"""Agenda review: a stable key for each timetable item, circulated agenda versions with their frozen items, who
opened them, and delegations' comments on agenda items.

Revision ID: 0007
Revises: 0005
"""
import uuid

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

KIND = sa.Enum('opening', 'session', 'break', 'lunch', 'closing', name='agendaitemkind', native_enum=False, length=32)


def upgrade() -> None:
    # Added in place, never by copying the table: on SQLite a copy would drop the old table, and its ON DELETE
    # CASCADE would take the rapporteurs' summaries with it. The empty default only lets existing rows in.
    op.add_column('agendaitem', sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False,
                                          server_default=''))
    items = sa.table('agendaitem', sa.column('id', sa.Integer), sa.column('key', sa.String))
    connection = op.get_bind()
    for (item_id,) in connection.execute(sa.select(items.c.id)).all():
        connection.execute(items.update().where(items.c.id == item_id).values(key=uuid.uuid4().hex))
    op.create_index(op.f('ix_agendaitem_key'), 'agendaitem', ['key'], unique=False)

    op.create_table('agenda_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'circulated', 'final', name='agendaversionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('symbol', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('prepared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('prepared_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('circulated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('circulated_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'number')
    )
    with op.batch_alter_table('agenda_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_version_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('agenda_version_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_version_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start', sa.Time(), nullable=False),
    sa.Column('end', sa.Time(), nullable=False),
    sa.Column('kind', KIND, nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('room', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('moderator', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('rapporteur', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('speakers', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('interpretation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['agenda_version_id'], ['agenda_version.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agenda_version_id', 'key')
    )
    with op.batch_alter_table('agenda_version_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_version_item_agenda_version_id'), ['agenda_version_id'], unique=False)

    op.create_table('agenda_opening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_version_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('user_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_version_id'], ['agenda_version.id'], ),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agenda_version_id', 'user_email')
    )
    with op.batch_alter_table('agenda_opening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_opening_agenda_version_id'), ['agenda_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_opening_delegation_id'), ['delegation_id'], unique=False)

    op.create_table('agenda_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_version_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('author_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('audience', sa.Enum('organizers', 'all_delegations', name='commentaudience', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'answered', 'resolved', name='commentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('answered_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_version_id'], ['agenda_version.id'], ),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agenda_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_comment_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_comment_item_key'), ['item_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_comment_delegation_id'), ['delegation_id'], unique=False)


def downgrade() -> None:
    op.drop_table('agenda_comment')
    op.drop_table('agenda_opening')
    op.drop_table('agenda_version_item')
    op.drop_table('agenda_version')
    op.drop_index(op.f('ix_agendaitem_key'), table_name='agendaitem')
    op.drop_column('agendaitem', 'key')
