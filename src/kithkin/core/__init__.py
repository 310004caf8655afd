"""The domain core: records and rules. It knows nothing of Typer, HTTP or SQL dialects."""
