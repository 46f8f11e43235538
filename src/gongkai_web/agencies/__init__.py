"""Agencies, the people who work in them and their roles, and working-calendar overrides."""
