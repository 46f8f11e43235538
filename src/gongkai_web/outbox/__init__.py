"""The outbox: every notice is a row first, written with the event that causes it.

Services of the apps above call `services.enqueue` inside their own transaction; the
message is sent after the commit (`delivery`), through the channel it names
(`channels`: e-mail through Django's backends, SMS through a configured provider).
"""
