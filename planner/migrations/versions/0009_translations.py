"""Language versions: the original language of a meeting's documents, and translations of their units.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False,
                                      server_default='en'))
    op.create_table('translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('document', sa.Enum('statement', 'agenda', name='translateddocument', native_enum=False, length=32), nullable=False),
    sa.Column('unit_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('source_text', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('source_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('translated_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('translated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'document', 'unit_key', 'language', 'source_digest')
    )
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_translation_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_translation_meeting_id'))
    op.drop_table('translation')
    # Not in batch mode: SQLite drops the column in place (3.35+) instead of copying the table that others refer to.
    op.drop_column('meeting', 'original_language')
