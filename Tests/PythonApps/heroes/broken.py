"""A module whose import fails, as a user's module with a typo does."""
from sqlmodel import SQLModel


class Broken(SQLModel, table=True):
    id: int = Feild(primary_key=True)  # noqa: F821 (the typo is the point)
