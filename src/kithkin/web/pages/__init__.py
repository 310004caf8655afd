"""Server-rendered pages, one module per page group; each works with JavaScript off."""
