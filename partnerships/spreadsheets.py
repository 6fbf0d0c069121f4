"""Cells a spreadsheet shows as text, never runs.

Excel, LibreOffice and Google Sheets read a cell starting with `=`, `+`, `-` or
`@` as a formula, and a leading tab or carriage return can hide one: an
editor-written title like `=HYPERLINK("https://evil.example", "Source")` would
run on the reader's machine when they open a CSV download. OWASP's advice
(CSV injection) is to start such a cell with a single quote, which spreadsheets
show as text. Every CSV the tracker writes, the site's lists and the API's,
passes each cell through `neutralise`.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The value as a cell's text; a would-be formula starts with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
