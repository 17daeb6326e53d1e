"""The Vouchers page and the voucher redeem panel the counter reuses."""
