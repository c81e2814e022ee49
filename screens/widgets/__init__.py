"""Widgets the screens are built from; each is a noun (TicketTable, Thread, Composer)."""
