#!/usr/bin/env python3
"""Opens the yearly reports' workbooks written by the test suite with openpyxl.

- measures-2566.xlsx: the header row holds the five columns of the seed's table after the
  topic column, and the rows are the demo year's measures in the order of
  server/demo/measures-2566.json (the seed report's order).
- risks-2569.xlsx, no-gift-2569.xlsx: a header row and at least one row under it.

Usage: validate-reports.py ARTIFACTS_DIR
"""

import json
import sys
from pathlib import Path

import openpyxl

MEASURE_COLUMNS = [
    "มาตรการ/กิจกรรม",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "ระยะเวลาการดำเนินการ",
    "สรุปผลการดำเนินการ",
    "ผลลัพธ์/ความสำเร็จของการดำเนินงาน",
]


def rows_after_header(path, first_heading):
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    for i, r in enumerate(rows):
        if len(r) > 1 and r[1] == first_heading:
            return r, [x for x in rows[i + 1:] if any(v not in (None, "") for v in x)]
    raise SystemExit(f"{path.name}: no header row starting with {first_heading!r}")


def main():
    artifacts = Path(sys.argv[1])
    header, body = rows_after_header(artifacts / "measures-2566.xlsx", MEASURE_COLUMNS[0])
    if header[1:6] != MEASURE_COLUMNS:
        raise SystemExit(f"measures-2566.xlsx: header {header}")
    demo = json.loads(Path("server/demo/measures-2566.json").read_text(encoding="utf-8"))
    want = [
        "\n".join(line.strip() for line in m["title"] if line.strip())
        for t in demo["topics"]
        for m in t["measures"]
    ]
    got = [r[1] for r in body]
    if got != want:
        raise SystemExit(f"measures-2566.xlsx: {len(got)} rows, expected {len(want)} in order")
    print(f"openpyxl: measures-2566.xlsx has the 5 columns and the {len(got)} measures in order")
    for name, first in [
        ("risks-2569.xlsx", "เหตุการณ์ความเสี่ยง/สาเหตุ"),
        ("no-gift-2569.xlsx", "วันที่"),
    ]:
        _, rows = rows_after_header(artifacts / name, first)
        if not rows:
            raise SystemExit(f"{name}: no rows")
        print(f"openpyxl: {name} has {len(rows)} rows")


if __name__ == "__main__":
    main()
