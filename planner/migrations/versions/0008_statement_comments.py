"""Delegations' comments on paragraphs of the circulated statement.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('statement_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('statement_version_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
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
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ),
    sa.ForeignKeyConstraint(['statement_version_id'], ['statementversion.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('statement_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_comment_statement_id'), ['statement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_comment_paragraph_key'), ['paragraph_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_comment_delegation_id'), ['delegation_id'], unique=False)


def downgrade() -> None:
    op.drop_table('statement_comment')
