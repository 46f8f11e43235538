"""The public API (/api/v1/): read endpoints for portals, open data and supervisors."""
