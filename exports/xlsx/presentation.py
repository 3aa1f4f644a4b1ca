"""What a reader sees besides the values: the sheets, rows and cell styles of a signed workbook.

The signature covers every signed cell's value (:mod:`exports.xlsx.canonical`),
but a reader also sees how a value is shown.  A number format can print
"No formal action" over any value, a white font or a hidden row removes a
decision from view, a comment or a hyperlink adds words the signer never
wrote.  So a signed workbook may carry only what the exporter writes:

* the signed sheets in their signed order, all visible, then the hidden
  Signature sheet;
* no hidden or squeezed row or column, no rows hidden by default and zeros
  shown, in every signed sheet;
* no comment, hyperlink, data validation or conditional format anywhere;
* on every cell of a signed sheet a number format of the exporter's for that
  kind of value (in a table's column, that column's own), a font in the automatic or black colour that is neither
  struck through nor too small to read, and no fill other than none or the
  heading's.

What LibreOffice and openpyxl rewrite when they open and save a file
without an edit is normalised before it is judged, never trusted blindly:
the escapes in a number format (``yyyy\\-mm\\-dd``) and its letter case, the
font's name and family, a colour written as black instead of "automatic".
The package's parts are judged by :mod:`exports.xlsx.package`.
"""

from __future__ import annotations

import re

from exports.errors import SignedFileInvalid
from exports.xlsx.cells import HEADER_FILL, cell_ref

# The number formats the exporters write, normalised (see _normal), by kind of value.
TEXT_FORMATS = frozenset({"general", "@"})
NUMBER_FORMATS = frozenset({"general", "0.0%", "0.00"})
DATE_FORMATS = frozenset({"yyyy-mm-dd hh:mm:ss"})
_FORMATS = {"s": TEXT_FORMATS, "b": TEXT_FORMATS, "f": TEXT_FORMATS, "n": NUMBER_FORMATS,
            "d": DATE_FORMATS}
_BLACK = "000000"
MIN_FONT_SIZE = 6.0      # points: the exporter writes 10 to 18
MIN_ROW_HEIGHT = 5.0     # points: a row lower than this shows nothing
MIN_COLUMN_WIDTH = 1.0   # characters: the exporter's narrowest column is 7
_ESCAPED = re.compile(r"\\(.)")


def _normal(number_format: str) -> str:
    """A number format as judged: backslash escapes resolved, lower case."""
    return _ESCAPED.sub(r"\1", number_format or "general").strip().lower()


def check_presentation(wb, signed: list[str], hidden_sheet: str,
                       column_formats: dict[str, list[str | None]] | None = None) -> None:
    """SignedFileInvalid naming the sheet and cell (or row, column) of the first thing a
    reader would see that the exporter did not write; ``signed`` in signed order.

    ``column_formats`` gives, for a sheet that is one table, each column's own number
    format (None: General): below its heading a number or date must show in exactly that
    one, so that a count cannot be made to read as a percentage or a date."""
    _check_sheets(wb, signed, hidden_sheet)
    for name in wb.sheetnames:
        ws = wb[name]
        _check_features(ws)
        if name in signed:
            _check_rows_and_columns(ws)
            _check_cells(ws, [_normal(f or "general")
                              for f in (column_formats or {}).get(name, [])])


def _check_sheets(wb, signed: list[str], hidden_sheet: str) -> None:
    expected = [*signed, hidden_sheet]
    if [n for n in wb.sheetnames if n in expected] != expected:
        raise SignedFileInvalid("The sheets were reordered after signing: they were signed in "
                                f"the order {', '.join(expected)}.")
    if wb[hidden_sheet].sheet_state not in ("hidden", "veryHidden"):
        raise SignedFileInvalid(f"The '{hidden_sheet}' sheet was unhidden after signing.")
    for name in signed:
        if wb[name].sheet_state != "visible":
            raise SignedFileInvalid(f"The signed sheet '{name}' was hidden after signing.")


def _check_features(ws) -> None:
    name = ws.title
    for cell in getattr(ws, "_cells", {}).values():
        if cell._comment is not None:
            raise SignedFileInvalid(f"{name}!{cell.coordinate} carries a comment that was added "
                                    "after signing.", cell=f"{name}!{cell.coordinate}")
        link = cell._hyperlink
        if link is not None:
            target = str(link.target or link.location or "")[:80]
            raise SignedFileInvalid(f"{name}!{cell.coordinate} carries a hyperlink (to "
                                    f"{target!r}) that was added after signing.",
                                    cell=f"{name}!{cell.coordinate}")
    validations = ws.data_validations.dataValidation
    if validations:
        where = str(validations[0].sqref)
        ref = f"{name}!{where.split()[0].split(':')[0]}"
        raise SignedFileInvalid(f"{ref}: the sheet '{name}' carries data validation (on "
                                f"{where}) that was added after signing.", cell=ref)
    for rule in ws.conditional_formatting:
        where = str(rule.sqref)
        ref = f"{name}!{where.split()[0].split(':')[0]}"
        raise SignedFileInvalid(f"{ref}: the sheet '{name}' carries a conditional format (on "
                                f"{where}) that was added after signing: it can change how a "
                                "cell looks.", cell=ref)


def _check_rows_and_columns(ws) -> None:
    name = ws.title
    if ws.sheet_format.zeroHeight:
        raise SignedFileInvalid(f"The sheet '{name}' hides its rows by default: that was set "
                                "after signing.")
    if ws.sheet_view.showZeros is False:
        raise SignedFileInvalid(f"The sheet '{name}' was set after signing to hide zero "
                                "values.")
    for row, dim in sorted(ws.row_dimensions.items()):
        if dim.hidden or (dim.ht is not None and dim.ht < MIN_ROW_HEIGHT):
            ref = f"{name}!A{row}"
            raise SignedFileInvalid(f"{ref}: row {row} of the sheet '{name}' was hidden after "
                                    "signing.", cell=ref)
    for letter, dim in sorted(ws.column_dimensions.items()):
        if dim.hidden or (dim.customWidth and (dim.width or 0) < MIN_COLUMN_WIDTH):
            ref = f"{name}!{letter}1"
            raise SignedFileInvalid(f"{ref}: column {letter} of the sheet '{name}' was hidden "
                                    "after signing.", cell=ref)


def _check_cells(ws, own_formats: list[str]) -> None:
    """Each distinct (style, kind of value, column's format) is judged once: an export has
    a handful."""
    verdicts: dict[tuple[bytes, str, str | None], str | None] = {}
    for (r, c), cell in ws._cells.items():
        kind = cell.data_type or "n"
        own = own_formats[c - 1] if kind in ("n", "d") and r > 1 and c <= len(own_formats) \
            else None
        key = (cell._style.tobytes(), kind, own)
        if key not in verdicts:
            verdicts[key] = _style_problem(cell, kind, own)
        problem = verdicts[key]
        if problem and (cell._value is not None or "fill" in problem):
            ref = f"{ws.title}!{cell_ref(r, c)}"
            raise SignedFileInvalid(f"{ref} is shown {problem}, which the export never writes: "
                                    "its look was changed after signing.", cell=ref)


def _style_problem(cell, kind: str, own: str | None) -> str | None:
    """Why a reader would see this cell otherwise than the exporter wrote it, or None."""
    number_format = _normal(cell.number_format)
    if number_format not in _FORMATS.get(kind, TEXT_FORMATS) or \
            (own is not None and number_format != own):
        return f"with the number format {cell.number_format!r}"
    font = cell.font
    if font is not None:
        if not _plain_colour(font.color):
            return "in a coloured font"
        if font.strike:
            return "struck through"
        if font.sz is not None and float(font.sz) < MIN_FONT_SIZE:
            return f"in a font too small to read ({float(font.sz):g} pt)"
    fill = cell.fill
    kind_of_fill = getattr(fill, "patternType", None) or getattr(fill, "fill_type", None)
    if kind_of_fill not in (None, "none"):
        colour = getattr(getattr(fill, "fgColor", None), "rgb", None)
        if kind_of_fill != "solid" or not isinstance(colour, str) \
                or colour[-6:].upper() != HEADER_FILL:
            return "on a fill (a shaded background)"
    return None


def _plain_colour(color) -> bool:
    """The automatic text colour, or black, however the program wrote it."""
    # openpyxl's Color answers only for the kind it holds (the others read as error text)
    if color is None or color.type == "auto":
        return True
    if color.type == "theme":
        return color.theme == 1 and not color.tint  # the theme's dark text colour
    if color.type == "indexed":
        return color.indexed in (8, 64)  # black, the system foreground
    if color.type == "rgb":
        return isinstance(color.rgb, str) and color.rgb[-6:].upper() == _BLACK
    return False
