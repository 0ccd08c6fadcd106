"""Operating the planner: backup and restore, the demo meeting and the audit log as people read it."""
