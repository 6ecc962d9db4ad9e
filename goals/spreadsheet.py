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
    if isinstance(value, Decimal):  # a measured value, as exact as it was recorded: -2.5, 1200
        return f"{value.normalize():f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(out, header, rows):
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
