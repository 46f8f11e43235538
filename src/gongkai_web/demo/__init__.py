"""The demo installation: the agency `demo`, one user per role, demo cases, and the
records whose 2021 annual report reproduces seed report 004.

The top of the stack: the only app that may import every other one, and none imports
it. `gongkai demo` (command `demo`) loads it all; `demo_web` only the users and cases.
"""
