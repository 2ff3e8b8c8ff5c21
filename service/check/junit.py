"""JUnit XML: one test suite per input file, one test case per screened row.

A row with an unresolved alert (no allow-list entry, or an expired or outdated one) is a failed
test case; allow-listed alerts are passing cases whose ``system-out`` says who allowed them.
The element and attribute set is the common one read by Jenkins, GitLab and GitHub test
reporters (``testsuites > testsuite > properties, testcase > failure, system-out``).
"""

from __future__ import annotations

import re
import socket
from collections import Counter
from pathlib import Path

from lxml import etree

from service.check.runner import CheckReport, RowResult, alert_message, display_path

SUITES_NAME = "sanctions-screen check"
# Characters XML 1.0 cannot carry (control characters from a hostile or broken input file).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    """Text made safe for XML: characters XML cannot carry become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _time(seconds: float) -> str:
    return f"{max(seconds, 0.0):.3f}"


def _properties(parent: etree._Element, report: CheckReport) -> None:
    props = etree.SubElement(parent, "properties")
    values = {
        "threshold": f"{report.threshold:g}",
        "engine_version": report.engine_version,
    }
    if report.receipt:
        values["receipt_digest"] = str(report.receipt.get("digest", ""))
    for item in report.lists:
        values[f"list.{item['list_id']}"] = (
            f"{item.get('version')} sha256:{item.get('content_hash')} "
            f"({item.get('entity_count')} entries)"
        )
    for name, value in values.items():
        etree.SubElement(props, "property", name=_x(name), value=_x(value))


def _testcase(parent: etree._Element, result: RowResult, path: str, seconds: float) -> bool:
    """Append the test case of one row; True when it fails."""
    row = result.row
    case = etree.SubElement(
        parent,
        "testcase",
        name=_x(f"line {row.line}: {row.name}"),
        classname=_x(f"sanctions-screen.{path}"),
        time=_time(seconds),
        file=_x(path),
        line=str(row.line),
    )
    unresolved = result.unresolved
    if unresolved:
        first = unresolved[0]
        more = f" (+{len(unresolved) - 1} more)" if len(unresolved) > 1 else ""
        failure = etree.SubElement(
            case,
            "failure",
            type=f"sanctions-alert.{first.status}",
            message=_x(alert_message(row, first) + more),
        )
        failure.text = _x(
            "\n\n".join(alert_message(row, a) + "\n" + a.hit.sentence() for a in unresolved)
        )
    notes = [alert_message(row, a) for a in result.alerts if a.resolved]
    if not result.alerts and result.hits:
        best = result.hits[0]
        notes.append(f"best hit below the threshold: {best.entity.id} score {best.score:.2f}")
    if notes:
        etree.SubElement(case, "system-out").text = _x("\n".join(notes))
    return bool(unresolved)


def _skipped_case(parent: etree._Element, line: int, why: str, path: str) -> None:
    """A row that was not screened (no name...), so that CI shows it."""
    case = etree.SubElement(
        parent,
        "testcase",
        name=f"line {line}: not screened",
        classname=_x(f"sanctions-screen.{path}"),
        time=_time(0),
        file=_x(path),
        line=str(line),
    )
    etree.SubElement(case, "skipped", message=_x(why))


def junit_xml(report: CheckReport, base: Path | None = None) -> bytes:
    """The JUnit XML document of a check run."""
    per_row = report.seconds / report.rows if report.rows else 0.0
    root = etree.Element("testsuites", name=SUITES_NAME)
    by_file: dict[Path, list[RowResult]] = {f.path: [] for f in report.files}
    for result in report.results:
        by_file.setdefault(result.row.file, []).append(result)
    totals: Counter[str] = Counter()
    for input_file in report.files:
        path = display_path(input_file.path, base)
        rows = by_file.get(input_file.path, [])
        suite = etree.SubElement(
            root,
            "testsuite",
            name=_x(path),
            tests=str(len(rows)),
            failures="0",
            errors="0",
            skipped="0",
            time=_time(per_row * len(rows)),
            timestamp=report.started.strftime("%Y-%m-%dT%H:%M:%S"),
            hostname=socket.gethostname() or "localhost",
            file=_x(path),
        )
        _properties(suite, report)
        items: list[tuple[int, RowResult | str]] = [(r.row.line, r) for r in rows]
        items += list(input_file.skipped)
        failures = 0
        for line, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, str):
                _skipped_case(suite, line, item, path)
            else:
                failures += _testcase(suite, item, path, per_row)
        skipped = len(input_file.skipped)
        suite.set("tests", str(len(rows) + skipped))
        suite.set("failures", str(failures))
        suite.set("skipped", str(skipped))
        totals.update(tests=len(rows) + skipped, failures=failures, skipped=skipped)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    root.set("time", _time(report.seconds))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
