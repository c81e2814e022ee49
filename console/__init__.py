"""The deskside application: command line, App wiring, and the Textual-free core."""
