"""Mail: the outbox, each user's choices and time zone, and each delegation's official address.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

KINDS = ('agenda_circulated', 'statement_circulated', 'amendment_decided', 'comment_answered', 'silence', 'note_verbale',
         'registration_deadline', 'account', 'digest')


def upgrade() -> None:
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*KINDS, name='mailkind', native_enum=False, length=32), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('recipient_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=True),
    sa.Column('once_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('state', sa.Enum('pending', 'held', 'sent', 'failed', 'digested', name='messagestate', native_enum=False,
                               length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['digest_id'], ['outbox_message.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('once_key')
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_state'), ['state'], unique=False)
    op.create_table('mail_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*KINDS, name='mailkind', native_enum=False, length=32), nullable=False),
    sa.Column('delivery', sa.Enum('immediate', 'digest', 'off', name='delivery', native_enum=False, length=32),
              nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'kind')
    )
    with op.batch_alter_table('mail_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_preference_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('official_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    # Not in batch mode: SQLite drops the columns in place (3.35+) instead of copying tables that others refer to.
    op.drop_column('delegation', 'official_email')
    op.drop_column('user', 'time_zone')
    op.drop_table('mail_preference')
    op.drop_table('outbox_message')
