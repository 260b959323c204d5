"""Newsletters: lists readers subscribe to (double opt-in), issues sent by mail.

Subscribers' addresses are read only by the services that mail them; no page
and no public API shows them.
"""
