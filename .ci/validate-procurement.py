#!/usr/bin/env python3
"""Validates the procurement downloads written by the test suite, with outside tools.

- The OCDS release package with libcoveocds (the Open Contracting Partnership's own checker:
  JSON schema, additional checks). The OCDS 1.1.5 schema is taken from the source
  distributions of ocdsextensionregistry and ocdskit on PyPI (their test fixtures hold the
  published schema files), because CI cannot reach standard.open-contracting.org or GitHub.
  Closed codelists are enforced by the schema's enums; codelist CSVs are derived from them.
- Every compiled release of the OCDS record package against the same release schema.
- The NACC workbook with openpyxl: headers in the order of the year's data file, values.

Usage: validate-procurement.py ARTIFACTS_DIR WORK_DIR
"""

import csv
import io
import json
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

TAG = "1__1__5"


def sdist_member(work, package, version, suffix):
    dest = work / f"{package}-sdist"
    dest.mkdir(parents=True, exist_ok=True)
    if not any(dest.glob("*.tar.gz")):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
             f"{package}=={version}", "-d", str(dest)],
            check=True,
        )
    archive = next(dest.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(suffix))
        return json.load(tar.extractfile(member))


def standard_zip(work):
    release = sdist_member(work, "ocdsextensionregistry", "0.7.0", "tests/fixtures/release-schema.json")
    versioned = sdist_member(work, "ocdsextensionregistry", "0.7.0",
                             "tests/fixtures/versioned-release-validation-schema.json")
    package = sdist_member(work, "ocdskit", "1.7.0", "tests/fixtures/release-package-schema.json")
    for schema in (release, package, versioned):
        assert f"/{TAG}/" in schema["id"], f"unexpected schema {schema['id']}"
    codelists = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("codelist") and node.get("openCodelist") is False:
                enum = node.get("enum") or node.get("items", {}).get("enum") or []
                codelists.setdefault(node["codelist"], set()).update(c for c in enum if c is not None)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(release)
    path = work / "standard.zip"
    root = f"standard-{TAG}/"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(root, "")
        z.writestr(root + "schema/", "")
        z.writestr(root + "schema/release-schema.json", json.dumps(release))
        z.writestr(root + "schema/release-package-schema.json", json.dumps(package))
        z.writestr(root + "schema/versioned-release-validation-schema.json", json.dumps(versioned))
        z.writestr(root + "schema/codelists/", "")
        for name, codes in sorted(codelists.items()):
            out = io.StringIO()
            w = csv.writer(out)
            w.writerow(["Code", "Title", "Description"])
            for code in sorted(codes):
                w.writerow([code, code, ""])
            z.writestr(root + "schema/codelists/" + name, out.getvalue())
    return path, release


def check_ocds(artifacts, work):
    from jsonschema import Draft4Validator
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    zip_path, release_schema = standard_zip(work)
    config = LibCoveOCDSConfig({"standard_zip": f"file://{zip_path}", "context": "api"})
    releases = artifacts / "ocds-releases.json"
    result = ocds_json_output(str(work / "cove"), str(releases), schema_version="1.1", convert=False,
                              lib_cove_ocds_config=config)
    problems = []
    for error in result.get("validation_errors", []):
        problems.append(f"schema: {error}")
    for name, found in (result.get("additional_checks") or {}).items():
        problems.append(f"additional check {name}: {found}")
    for path, found in (result.get("additional_closed_codelist_values") or {}).items():
        problems.append(f"closed codelist {found['codelist']} at {path}: {found['values']}")
    for found in result.get("additional_fields") or []:
        problems.append(f"field not in OCDS 1.1: {found['path']}/{found['field']} ({found['usage_count']} times)")
    count = len(json.loads(releases.read_text())["releases"])
    print(f"libcoveocds: {count} releases, version {result.get('version_used')}, "
          f"{len(result.get('validation_errors', []))} schema errors, "
          f"additional fields: {len(result.get('additional_fields') or {})}")
    records = json.loads((artifacts / "ocds-records.json").read_text())
    validator = Draft4Validator(release_schema)
    for record in records["records"]:
        for error in validator.iter_errors(record["compiledRelease"]):
            problems.append(f"record {record['ocid']}: {error.message} at {list(error.path)}")
        if record["ocid"] != record["compiledRelease"]["ocid"]:
            problems.append(f"record {record['ocid']}: compiled release has another ocid")
    print(f"record package: {len(records['records'])} compiled releases checked against the release schema")
    return problems


def check_xlsx(artifacts, data_file):
    import openpyxl

    reference = tomllib.loads(data_file.read_text())
    expected = [c["header"] for c in reference["columns"]]
    book = openpyxl.load_workbook(artifacts / "procurement.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    problems = []
    if list(rows[0][: len(expected)]) != expected:
        problems.append(f"xlsx headers {rows[0]} != {expected}")
    body = [r for r in rows[1:] if any(v is not None for v in r)]
    col = {h: i for i, h in enumerate(expected)}
    first = body[0]
    if first[col["ที่"]] != 1:
        problems.append(f"first row number {first[col['ที่']]!r}")
    if first[col["วงเงินงบประมาณที่ได้รับจัดสรร (บาท)"]] != 2450000:
        problems.append(f"allocated budget read as {first[col['วงเงินงบประมาณที่ได้รับจัดสรร (บาท)']]!r}, want the number 2450000")
    if first[col["เลขประจำตัวผู้เสียภาษี"]] != "0105552007891":
        problems.append(f"tax ID read as {first[col['เลขประจำตัวผู้เสียภาษี']]!r}, want text with its leading zero")
    if not hasattr(first[col["วันที่ลงนามในสัญญา"]], "year"):
        problems.append("contract date is not a date cell")
    print(f"openpyxl: {len(body)} rows, {len(expected)} headers in the order of {data_file.name}")
    return problems


def main():
    artifacts, work = Path(sys.argv[1]), Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    problems = check_ocds(artifacts, work)
    problems += check_xlsx(artifacts, root / "capabilities/procurement/data/fy2569.toml")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("procurement downloads: valid")


if __name__ == "__main__":
    main()
