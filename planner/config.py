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


def _minutes(name: str, default: int) -> int:
    """A whole number of minutes from the environment; a value that is not one is an error, not a silent default."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a whole number of minutes (at least 1), not '{text}'.")
    return int(text)


def session_idle_minutes() -> int:
    """PLANNER_SESSION_IDLE_MINUTES: a signed-in browser left alone this long must sign in again."""
    return _minutes("PLANNER_SESSION_IDLE_MINUTES", 30)


def session_lifetime_minutes() -> int:
    """PLANNER_SESSION_LIFETIME_MINUTES: however active, a sign-in lasts at most this long (and so does its cookie)."""
    return _minutes("PLANNER_SESSION_LIFETIME_MINUTES", 12 * 60)


def trusted_proxies() -> frozenset[str]:
    """PLANNER_TRUSTED_PROXIES: the addresses of the proxies in front of the planner (nginx on the same machine:
    127.0.0.1), comma-separated. Only from these is X-Forwarded-For believed, to tell the client's address for the
    sign-in throttle; none by default, as the header is otherwise whatever the browser sent."""
    return frozenset(part.strip() for part in os.environ.get("PLANNER_TRUSTED_PROXIES", "").split(",") if part.strip())


def public_url() -> str:
    """PLANNER_PUBLIC_URL: the planner's address as readers of its mail open it (behind nginx, the public one)."""
    return os.environ.get("PLANNER_PUBLIC_URL", "").strip().rstrip("/") or "http://localhost:8501"


def smtp_url() -> str:
    """PLANNER_SMTP_URL, e.g. smtp+starttls://user@mail.example.org:587; empty: messages wait in the outbox."""
    return os.environ.get("PLANNER_SMTP_URL", "").strip()


def smtp_password() -> str:
    return os.environ.get("PLANNER_SMTP_PASSWORD", "")


def mail_from() -> str:
    """PLANNER_MAIL_FROM: the sender's address, e.g. 'OSCE Chairmanship <planner@chairmanship.example>'."""
    return os.environ.get("PLANNER_MAIL_FROM", "").strip() or "planner@localhost"
