"""Each test works on a database of its own: nothing one test writes is seen by the next."""
from planner import config, db
from planner.delegations import reference


def test_the_first_test_writes_to_its_own_database(database_url):
    assert config.database_url() == database_url
    with db.transaction() as session:
        reference.find_delegation(session, "Austria").name = "Written by an earlier test"


def test_a_later_test_starts_from_clean_reference_data(database_url):
    assert config.database_url() == database_url
    with db.transaction() as session:
        assert reference.find_delegation(session, "Austria").name == "Austria"
