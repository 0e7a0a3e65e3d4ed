"""Fleet server: devices, branches, commands, usage events, admin API and web UI."""
