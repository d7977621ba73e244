"""Store of the commission's data: SQLModel tables, the database engine and one query module per aggregate."""
