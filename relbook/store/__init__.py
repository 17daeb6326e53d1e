"""Storage: Peewee models, opening the database, numbered migrations, search index."""
