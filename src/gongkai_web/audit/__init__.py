"""The append-only audit log: every workflow event and every unmasked view of identity."""
