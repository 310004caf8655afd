"""Storage: tables, migrations, full-text search; SQLite and PostgreSQL alike."""
