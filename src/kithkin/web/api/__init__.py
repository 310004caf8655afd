"""The JSON API under ``/api``: one module per resource, the same core calls as the CLI."""
