"""Disclosure applications (依申请公开): registration, workflow, ledger, statistics, letters."""
