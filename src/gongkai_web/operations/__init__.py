"""Running the installation: gunicorn serving, health check, request logs, backups.

A bottom-floor app: it imports no other app of the back office. Backups copy the
whole database and every file of the default storage, whatever the apps keep there.
"""
