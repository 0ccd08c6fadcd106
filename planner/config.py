"""Settings from the environment, with defaults that work on a fresh machine."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
AGENDAS_DIR = PROJECT_ROOT / "agendas"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
DEFAULT_DATABASE_FILE = PROJECT_ROOT / "var" / "planner.db"

# The largest spreadsheet anyone may upload or import, in MB (MiB, as Streamlit counts). `.streamlit/config.toml`
# (server.maxUploadSize) must say the same, so the server refuses a larger upload before reading it.
MAX_UPLOAD_MB = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024


def database_url() -> str:
    """PLANNER_DATABASE_URL, or an SQLite file inside the checkout (git-ignored)."""
    url = os.environ.get("PLANNER_DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_DATABASE_FILE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DATABASE_FILE}"
