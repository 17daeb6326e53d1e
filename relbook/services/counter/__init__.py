"""The counter: sales, what the shop should know today, and conversation cues."""
