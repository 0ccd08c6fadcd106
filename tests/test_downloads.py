"""Downloads that cannot hurt: no table's own toolbar exports cells raw, and prepared files end with the session."""
import tomllib

from streamlit import config as streamlit_config

from tests.test_pages import ROOT


def test_no_table_offers_its_raw_cells_for_download(monkeypatch):
    """A participant named `=1+1` must not become a live formula through the table toolbar's "Download as CSV"
    (st.dataframe and st.data_editor export cells as they are); the planner's own exports neutralise such cells."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["disableDataExport"] is True
    monkeypatch.chdir(ROOT)
    streamlit_config.get_config_options(force_reparse=True)
    try:
        assert streamlit_config.get_option("client.disableDataExport") is True
    finally:
        streamlit_config.get_config_options(force_reparse=True)
