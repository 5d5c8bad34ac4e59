"""The one exception type users see: what is wrong, where, and what to do."""

from __future__ import annotations


class DataError(ValueError):
    """Input that cannot be used, described for the person who supplied it.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    where : str
        The file, and where useful the column or row.
    fix : str
        What the user can do about it.
    """

    def __init__(self, problem: str, where: str, fix: str) -> None:
        self.problem = problem
        self.where = where
        self.fix = fix
        super().__init__(f"{where}: {problem} {fix}")
