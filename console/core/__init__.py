"""Everything that can be tested without a terminal. Never imports Textual."""
