"""The Settings page: the shop, the loyalty programme, staff — one section per module."""
