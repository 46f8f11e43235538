"""Notifications to staff and the staff pages of the outbox.

The daily digest of cases due soon or overdue (per user, N working days per agency,
switched off on the user's page), the failed-messages page, the notice templates an
agency administrator edits. What the applicant is told is written by the applications
app (`applications.notices`) into the outbox below it; this app sits above both.
"""
