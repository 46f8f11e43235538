"""Staff accounts inside the product: users and roles of an agency, passwords, the
system administrator, and the audit log's pages for auditors and administrators."""
