"""The document register (one count of symbols per series and year of issue), invitations linked to their note,
and the sort name of delegations.

Revision ID: 0004
Revises: 0002
"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def _sort_key(name: str) -> str:
    """As planner.reference.sort_key at the time of this migration (a migration must not change with the code)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    plain = re.sub(r"[\s\u00a0]+", " ", plain.replace("ı", "i")).strip().casefold()
    return re.sub(r"^the ", "", plain)


def upgrade() -> None:
    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('suffix', sa.Enum('Rev', 'Add', 'Corr', name='documentsuffix', native_enum=False, length=32), nullable=True),
    sa.Column('suffix_number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('note_verbale', 'reminder', 'agenda', 'participants_list', 'statement', 'report',
                              'interpretative_statement', name='documentkind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('base_id', sa.Integer(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['base_id'], ['issued_document.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('series', 'year', 'number', 'suffix', 'suffix_number', name='uq_issued_document_symbol')
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_base_id'), ['base_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('uq_issued_document_base', ['series', 'year', 'number'], unique=True,
                              sqlite_where=sa.text('suffix IS NULL'), postgresql_where=sa.text('suffix IS NULL'))

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_invitation_note_id', 'issued_document', ['note_id'], ['id'])

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('next_document_number')

    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False,
                                      server_default=''))
        batch_op.create_index(batch_op.f('ix_delegation_sort_name'), ['sort_name'], unique=False)
    delegation = sa.table('delegation', sa.column('id', sa.Integer), sa.column('name', sa.String),
                          sa.column('sort_name', sa.String))
    connection = op.get_bind()
    for row in connection.execute(sa.select(delegation.c.id, delegation.c.name)).all():
        connection.execute(delegation.update().where(delegation.c.id == row.id).values(sort_name=_sort_key(row.name)))


def downgrade() -> None:
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegation_sort_name'))
        batch_op.drop_column('sort_name')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_document_number', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_invitation_note_id', type_='foreignkey')
        batch_op.drop_column('note_id')
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index('uq_issued_document_base', sqlite_where=sa.text('suffix IS NULL'),
                            postgresql_where=sa.text('suffix IS NULL'))
        batch_op.drop_index(batch_op.f('ix_issued_document_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_issued_document_kind'))
        batch_op.drop_index(batch_op.f('ix_issued_document_base_id'))
    op.drop_table('issued_document')
