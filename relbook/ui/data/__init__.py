"""Data in, data out, keeping it safe: import, export, backups, duplicates, audit, privacy."""
