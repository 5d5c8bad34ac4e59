"""The one exception type users see: what is wrong, where, and what to do."""

from __future__ import annotations

from geo.model.messages import Msg


class DataError(ValueError):
    """Input that cannot be used, described for the person who supplied it.

    The facts are kept apart from the words: ``problem`` and ``fix`` are messages of
    :mod:`geo.model.messages` that render in either language, so the page that shows the error
    writes it in its own language (``error.message(view.lang)``). ``str(error)`` is the Spanish
    text, the atlas's first language.

    Parameters
    ----------
    problem : Msg
        What is wrong, in one sentence.
    where : str
        The file, and where useful the column or row (data, never translated).
    fix : Msg
        What the user can do about it.
    """

    def __init__(self, problem: Msg, where: str, fix: Msg) -> None:
        self.problem = problem
        self.where = where
        self.fix = fix
        super().__init__(self.message("es"))

    def __reduce__(self) -> tuple:
        # Pickled with its facts (the default would pass the rendered text to __init__).
        return (type(self), (self.problem, self.where, self.fix))

    def message(self, lang: str) -> str:
        """``where: problem fix`` in ``lang``; ``Problem fix`` (a sentence) with no place."""
        problem = self.problem.render(lang)
        if not self.where:
            problem = problem[:1].upper() + problem[1:]
            ending = "" if problem.endswith((".", ":", "?")) else "."
            return f"{problem}{ending} {self.fix.render(lang)}"
        return f"{self.where}: {problem} {self.fix.render(lang)}"
