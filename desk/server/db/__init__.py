"""Storage of the reference server: the engine and transactions, the ORM tables, the
column types and the Alembic migrations."""
