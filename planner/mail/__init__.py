"""Mail to the people a change concerns: written to an outbox in the transaction of the change, delivered by a
separate sender through the configured mail server, or read on the Outbox page where none is set."""
