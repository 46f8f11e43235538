"""Stored the default reply-letter texts (agency = NULL rows).

The defaults now live in `gongkai.letters.defaults` (0004 deletes the stored copies),
so this migration does nothing on a new database.
"""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = []
