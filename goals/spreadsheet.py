"""CSV that spreadsheets open safely: no cell is run as a formula."""

import csv
from decimal import Decimal

# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value as CSV text; a leading formula character is neutralised with a quote."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    if isinstance(value, Decimal):
        # A number, never a formula (so -5 stays a number): 2.00 -> "2", 2.50 -> "2.5".
        return f"{value.normalize():f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(out, header, rows):
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)


def dated_values(pairs):
    """(date, value) pairs as one cell: "2027-06-30: 1; 2027-12-31: 2.5", ISO dates and plain
    numbers, in date order; a spreadsheet splits it on "; " and then on ": "."""
    return "; ".join(f"{day.isoformat()}: {cell(value)}" for day, value in sorted(pairs))
