"""The Notes page: who to thank, a note editor with live preview, templates, printing."""
