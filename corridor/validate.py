"""Schema checks for CSV tables and GeoJSON layers; errors name file, row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

MAX_LISTED = 5


@dataclass
class Problem:
    """One failed check: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class DataError(Exception):
    """A data file failed validation; ``problems`` lists every failed check."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        shown = "; ".join(str(p) for p in self.problems[:MAX_LISTED])
        more = len(self.problems) - MAX_LISTED
        return shown + (f"; and {more} more problem(s)" if more > 0 else "")


BOOLEANS = {"true": True, "false": False}


def _coerce(value: str, ftype: str):
    """Convert one CSV cell to ``ftype``; raise ValueError with a reason when it cannot."""
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"'{value}' is not a whole number")
        return int(value)
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"'{value}' is not a finite number")
        return number
    if ftype == "boolean":
        if value.lower() not in BOOLEANS:
            raise ValueError(f"'{value}' is not true or false")
        return BOOLEANS[value.lower()]
    return value


def _check_cell(value, constraints: dict) -> str | None:
    """Return why a typed, non-empty cell breaks its constraints, or None."""
    if "enum" in constraints and value not in constraints["enum"]:
        return f"'{value}' is not one of {', '.join(map(str, constraints['enum']))}"
    if "minimum" in constraints and value < constraints["minimum"]:
        return f"{value} is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        return f"{value} is above the maximum {constraints['maximum']}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
        return f"'{value}' does not match the expected form"
    return None


def validate_header(name: str, columns: list[str], schema: dict) -> list[Problem]:
    """Problems with a table's header: missing, unexpected or duplicated columns."""
    expected = [f["name"] for f in schema["fields"]]
    problems = [
        Problem(name, 1, c, "required column is missing") for c in expected if c not in columns
    ]
    problems += [
        Problem(name, 1, c, "unexpected column (renamed or misspelt?)")
        for c in columns
        if c not in expected
    ]
    problems += [
        Problem(name, 1, c, "column appears twice")
        for c in sorted({c for c in columns if columns.count(c) > 1})
    ]
    return problems


def validate_table(name: str, raw: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Check a table read as text against its schema and return it typed.

    Parameters
    ----------
    name : str
        File name used in messages (``port_flows.csv``).
    raw : pandas.DataFrame
        The table with every cell as a string (empty cells as ``""``).
    schema : dict
        The resource's Frictionless table schema.

    Returns
    -------
    pandas.DataFrame
        Columns in schema order with their declared types (empty numbers as NaN).

    Raises
    ------
    DataError
        Listing every problem, each with file, row (the CSV line number) and column.
    """
    problems = validate_header(name, list(raw.columns), schema)
    if problems:
        raise DataError(name, problems)
    if raw.empty:
        raise DataError(name, [Problem(name, None, None, "has a header but no rows")])
    out = {}
    for f in schema["fields"]:
        out[f["name"]] = _typed_column(name, raw[f["name"]], f, problems)
    for key in schema.get("primaryKey", []):
        dup = raw[key].duplicated(keep="first")
        problems += [
            Problem(name, i + 2, key, f"duplicate id '{raw[key][i]}'") for i in raw.index[dup]
        ]
    if problems:
        raise DataError(name, problems)
    return pd.DataFrame(out)


def _typed_column(name: str, cells: pd.Series, f: dict, problems: list[Problem]) -> list:
    """Typed values of one column; append a Problem for each bad cell."""
    constraints, ftype, values = f.get("constraints", {}), f.get("type", "string"), []
    for i, cell in cells.items():
        cell = cell.strip()
        if cell == "":
            if constraints.get("required"):
                problems.append(Problem(name, i + 2, f["name"], "value is missing"))
            values.append(None if ftype in ("string", "boolean") else float("nan"))
            continue
        try:
            value = _coerce(cell, ftype)
        except ValueError as exc:
            problems.append(Problem(name, i + 2, f["name"], str(exc)))
            values.append(None)
            continue
        reason = _check_cell(value, constraints)
        if reason:
            problems.append(Problem(name, i + 2, f["name"], reason))
        values.append(value)
    if ftype == "string":
        return [v if v is not None else "" for v in values]
    return values
