"""The statement: clause library, drafting and editing, circulated versions, and the rapporteurs' report."""
