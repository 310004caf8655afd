"""The web face: server-rendered pages and a JSON API over the same core as the CLI.

``kith serve`` runs :func:`kithkin.web.app.create_app` under uvicorn. Pages live in
``pages/`` (one module per page group), the API in ``api/`` (one module per
resource), the local-safety checks in :mod:`kithkin.web.security`.
"""
