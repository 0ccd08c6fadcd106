"""The delegations: reference data, invitations and notes verbales' register entries, nominated participants, spreadsheet imports and the replies dashboard."""
