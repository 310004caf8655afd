"""kithkin keeps professional relationships alive, above all across job changes.

The package is laid out so that a rule and a face never share a module:

- ``core/``    the domain: records and one module per rule family (no Typer, no HTTP).
- ``store/``   SQLAlchemy tables, migrations and full-text search for SQLite and PostgreSQL.
- ``formats/`` adapters that turn outside files into records and back.
- ``cli/``     the ``kith`` command line, a thin face over the core.
- ``web/``     the browser UI and JSON API, another thin face.
"""

__version__ = "0.1.0"
