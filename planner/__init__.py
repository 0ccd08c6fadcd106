"""The Chiefs of Police meeting planner: domain and service layer (never imports streamlit)."""
