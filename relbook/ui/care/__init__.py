"""The Care page: Today, who is due for a touch, the monthly review, feedback and the
connection map."""
