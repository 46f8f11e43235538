"""Gongkai (公开): government information disclosure work, the domain core.

This package holds the annual-report model, the official formats, the validator, the
reader, the renderers and the working-day calendar. It never imports Django.
"""

__version__ = "0.1.0"
