"""Backup: the administrator downloads the whole database as one JSON file (restoring is done on the server)."""
import datetime as dt

import pandas as pd
import streamlit as st

from planner.operations import backup
from planner.text.words import plural
from planner.ui import common, downloads

actor = common.actor()
common.page_header("Backup", "The whole database as one file: meetings, delegations, users, documents and the audit log")
counts = common.attempt(lambda s: backup.contents(s, actor))
if counts is None:
    st.stop()
st.dataframe(pd.DataFrame({"Table": list(counts), "Rows": list(counts.values())}), hide_index=True, width="content", placeholder="")
excluded = "".join(f" Left out on purpose: {name} ({reason})." for name, reason in backup.left_out().items())
st.caption(f"{plural(sum(counts.values()), 'row')} in {plural(len(counts), 'table')}.{excluded}")
downloads.one_click("a backup", "backup", backup.create_backup,
                    f"planner-backup-{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M}.json", "application/json",
                    help="Each download is a fresh backup and is recorded in the audit log.", primary=True)
accounts = common.read(lambda s: backup.accounts_by_role(s, actor))
st.markdown("**Accounts in this database**, by role (after a restore: check that no one unexpected can sign in, an "
            "administrator above all):  \n" + "  \n".join(
                f"**{role.value}** ({len(emails)}): {', '.join(common.md(email) for email in emails)}"
                for role, emails in accounts.items()))
st.markdown("To restore a backup, on the server (into an empty database, or with `--replace` to delete everything in "
            "it first):")
st.code("python -m planner restore planner-backup.json", language=None)  # no syntax colours: some are under 4.5:1
