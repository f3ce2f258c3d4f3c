"""Numbers: issuing and the day's sequence, the ticket's own page and JSON, cancelling."""
