"""Moving a customer book in and out: vCard and CSV import with a preview, and exports.

Readers (``vcard_import``, ``csv_import``) turn bytes into ``ParsedRow``s without ever
raising; ``preview`` sorts rows into new, probable duplicates and errors; ``writer``
stores what the owner chose in one transaction; ``export`` writes vCard, CSV and JSON.
"""
