"""Accounts: users and their roles, sign-in and sign-out (never "sessions": here a session is a meeting session)."""
