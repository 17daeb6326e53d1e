"""The Counter page: find the customer, record the sale, redeem rewards."""
