"""Uploads: the spreadsheets offices actually produce, turned into canonical rows, problems, or stored batches.

    read.py       file kind, limits that protect the server (size, rows, zip bombs), workbook and CSV readers
    layout.py     the dataset and header row of a sheet, header aliases, merged cells, totals and example rows
    margins.py    rows around the data: totals, province sections and their subtotals, signature blocks
    cells.py      cell values as offices write them (districts, codes, periods, dates, numbers) -> canonical values
    validate.py   the pandera schemas: errors that block an import, warnings that do not
    wide.py       wide recaps (groups, service kinds or months across) -> long rows; a sheet's month from its title
    personal.py   by-name lists (NIK, names) recognised and refused before any of their cells are read
    problems.py   Problem, the Indonesian problem table, the annotated copy of the person's workbook
    template.py   the upload workbook
    upload.py     read_upload / preview_upload / import_upload: the steps above, in order, all or nothing
    write.py      the one write path: scope, the column registry's checks, then the store (write_batches, rollback)

Callers use this package's names: `from lib import ingest; ingest.read_upload(data, name)`.
"""

from lib.ingest.problems import Problem, annotated_workbook, problems_table
from lib.ingest.template import build_template, write_template
from lib.ingest.upload import ImportOutcome, ParsedSheet, ReadResult, import_upload, preview_upload, read_upload
from lib.ingest.validate import GALAT, PERINGATAN, Severity
from lib.ingest.write import Written, remove_sample, rollback, write_batches, write_meeting, write_rows

__all__ = [
    "GALAT",
    "PERINGATAN",
    "ImportOutcome",
    "ParsedSheet",
    "Problem",
    "ReadResult",
    "Severity",
    "annotated_workbook",
    "build_template",
    "import_upload",
    "remove_sample",
    "rollback",
    "write_batches",
    "write_meeting",
    "write_rows",
    "Written",
    "preview_upload",
    "problems_table",
    "read_upload",
    "write_template",
]
