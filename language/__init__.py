"""Reading patient text: which language a message is written in (more of the reading moves here, issue 12)."""
