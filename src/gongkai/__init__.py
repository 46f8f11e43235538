"""Gongkai (公开): government information disclosure work, the domain core.

This package holds the annual-report model, the official formats, the validator, the
reader, the renderers, the working-day calendar, the workflows and the errors
(`gongkai.errors`). It imports neither Django nor the back office (`gongkai_web`), not
even inside a function; the `gongkai` command is the layer above, in `gongkai_cli`.
"""

__version__ = "0.1.0"
