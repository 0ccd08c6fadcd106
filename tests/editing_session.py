"""One person's editing session in a process of its own, driven line by line from a test.

Reads JSON commands on standard input and answers each with one JSON line:
{"load": ID} keeps the participant's version as the page would; {"rename": "NAME"} saves a new first name against
that version; the answer says the saved version, or why the save was refused."""
import json
import sys

from planner import db
from planner.access import SYSTEM
from planner.delegations import participants
from planner.errors import PlannerError
from planner.models import Delegation


def main() -> None:
    loaded = None
    for line in sys.stdin:
        command = json.loads(line)
        try:
            if "load" in command:
                with db.transaction() as session:
                    loaded = participants.get_participant(session, SYSTEM, command["load"])
                answer = {"first_name": loaded.first_name, "version": loaded.version}
            else:
                with db.transaction() as session:
                    delegation = session.get(Delegation, loaded.delegation_id).name
                    saved = participants.update_participant(session, SYSTEM, loaded.id, participants.Nomination(
                        delegation=delegation, first_name=command["rename"], last_name=loaded.last_name,
                        email=loaded.email, head_of_delegation=loaded.head_of_delegation), loaded.version)
                answer = {"saved": saved.version}
        except PlannerError as error:
            answer = {"refused": type(error).__name__, "message": str(error)}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
