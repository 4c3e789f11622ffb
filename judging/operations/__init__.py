"""Running the platform: metrics, readiness, structured logs, backups and restores."""
