"""relbook: a contact-and-loyalty manager for the counter PC of a small shop."""

__version__ = "0.1.0"
