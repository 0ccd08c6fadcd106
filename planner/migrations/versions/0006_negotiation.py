"""Negotiating the statement: amendments and the paragraph changes they made, brackets, silence procedures and
objections, interpretative statements, and each delegate's last visit.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('last_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_email', 'meeting_id')
    )
    op.create_table('bracket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('span', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('placed_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('placed_round', sa.Integer(), nullable=False),
    sa.Column('lifted_round', sa.Integer(), nullable=True),
    sa.Column('lifted_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('bracket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bracket_statement_id'), ['statement_id'], unique=False)

    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('statement_version_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sa.Enum('replace', 'insert_after', 'delete', name='amendmentkind', native_enum=False, length=32), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.Enum('proposed', 'accepted', 'rejected', 'withdrawn', name='amendmentstate', native_enum=False, length=32), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('applied_text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ),
    sa.ForeignKeyConstraint(['statement_version_id'], ['statementversion.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_paragraph_key'), ['paragraph_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_statement_id'), ['statement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_statement_version_id'), ['statement_version_id'], unique=False)

    op.create_table('silence_procedure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_version_id', sa.Integer(), nullable=False),
    sa.Column('started_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adopted_document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['adopted_document_id'], ['issued_document.id'], ),
    sa.ForeignKeyConstraint(['statement_version_id'], ['statementversion.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('adopted_document_id')
    )
    with op.batch_alter_table('silence_procedure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_silence_procedure_statement_version_id'), ['statement_version_id'], unique=False)

    op.create_table('interpretative_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('silence_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('submitted_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['silence_id'], ['silence_procedure.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('silence_id', 'delegation_id')
    )
    with op.batch_alter_table('interpretative_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interpretative_statement_silence_id'), ['silence_id'], unique=False)

    op.create_table('paragraph_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], ),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('paragraph_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paragraph_change_statement_id'), ['statement_id'], unique=False)

    op.create_table('silence_objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('silence_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('made_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['silence_id'], ['silence_procedure.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('silence_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_silence_objection_silence_id'), ['silence_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('silence_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_silence_objection_silence_id'))

    op.drop_table('silence_objection')
    with op.batch_alter_table('paragraph_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paragraph_change_statement_id'))

    op.drop_table('paragraph_change')
    with op.batch_alter_table('interpretative_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interpretative_statement_silence_id'))

    op.drop_table('interpretative_statement')
    with op.batch_alter_table('silence_procedure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_silence_procedure_statement_version_id'))

    op.drop_table('silence_procedure')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_statement_version_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_statement_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_paragraph_key'))
        batch_op.drop_index(batch_op.f('ix_amendment_delegation_id'))

    op.drop_table('amendment')
    with op.batch_alter_table('bracket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bracket_statement_id'))

    op.drop_table('bracket')
    op.drop_table('last_visit')
