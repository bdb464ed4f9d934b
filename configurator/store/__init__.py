"""The store: sqlmodel tables (`models`), engine set-up (`database`), Alembic migrations run at
every start (`migrate`), the demo seed (`seed`) and online backups (`backup`). No Qt.
Design, schema and the concurrency rules: docs/store.md.
"""
