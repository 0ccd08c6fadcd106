"""The statement (working draft, circulated versions, paragraphs with a stable key) and rapporteurs' summaries.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id')
    )
    op.create_table('statementversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('working', 'circulated', name='versionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('symbol', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('circulated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('circulated_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('statement_id', 'number')
    )
    with op.batch_alter_table('statementversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statementversion_statement_id'), ['statement_id'], unique=False)

    op.create_table('paragraph',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_version_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sa.Enum('preamble', 'operative', 'closing', name='paragraphkind', native_enum=False, length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('source_clause', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('frozen', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['statement_version_id'], ['statementversion.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('statement_version_id', 'key')
    )
    with op.batch_alter_table('paragraph', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paragraph_statement_version_id'), ['statement_version_id'], unique=False)

    op.create_table('rapporteursummary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('recommendations', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('written_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agendaitem.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agenda_item_id')
    )
    with op.batch_alter_table('rapporteursummary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rapporteursummary_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    op.drop_table('rapporteursummary')
    op.drop_table('paragraph')
    op.drop_table('statementversion')
    op.drop_table('statement')
