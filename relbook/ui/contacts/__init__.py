"""The Contacts page: find, read and keep the customer book."""
