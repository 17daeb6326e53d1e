"""Capabilities of relbook as plain Python, no Qt: one package per thing a shop owner does
(contacts, counter, loyalty, vouchers, referrals, notes, care, staff, privacy, settings,
import_export, backup), plus the small shared kernel beside them (money, dates, events,
codes, typed — what people type, read strictly — and csv_safe, the one CSV writer).

A package's core module is its ``__init__`` (``from relbook.services import vouchers``), and
its helpers are modules inside it (``relbook.services.vouchers.printing``).
"""
