"""The HTTP API and the dashboard: what the command line does, for people in a browser."""
