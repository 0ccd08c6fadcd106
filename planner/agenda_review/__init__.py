"""Delegations review the draft agenda: circulated versions, comments per item, comparisons and the calendar."""
