"""Local accounts for the fleet's people: users, roles, API tokens, web sessions, throttling."""
