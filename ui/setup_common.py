"""What the pages of the setup wizard share: the colours of the report, HTML escaping, an error label and a note
label, an unexpected failure as one Indonesian sentence, and one reference file's outcome as a paragraph of HTML.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from rekap_desktop.numbers import format_number
from rekap_desktop.os_errors import os_reason
from rekap_desktop.reference_files.check import FileResult
from rekap_desktop.reference_files.formats import FileKind

RED = "#b00020"
AMBER = "#8a4b00"
GREEN = "#1b5e20"
GREY = "#5f6368"
MAX_PROBLEMS_SHOWN = 200  # per file; the rest are counted


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def red(text: str) -> str:
    return f'<span style="color:{RED}">{esc(text)}</span>'


def describe_failure(exc: BaseException) -> str:
    """An Indonesian sentence for an unexpected failure (the page shows it; nothing crashes)."""
    if isinstance(exc, OSError):
        return f"{os_reason(exc)}" + (f": {exc.filename}" if exc.filename else "")
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def result_html(result: FileResult, expected: FileKind | None = None) -> str:
    """One file's outcome for the report, as one paragraph: its line, then its problems (red) and warnings."""
    if not result.ok:
        colour = RED
    elif result.changes:
        colour = GREEN
    else:
        colour = GREY
    line = esc(result.line())
    rows = [f'<span style="color:{colour}">{f"<b>{line}</b>" if not result.ok else line}</span>']
    indent = "&nbsp;" * 5
    for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
        rows.append(f'{indent}<span style="color:{RED}">• {esc(str(problem))}</span>')
    if len(result.problems) > MAX_PROBLEMS_SHOWN:
        rows.append(f'{indent}<span style="color:{RED}">… dan '
                    f"{format_number(len(result.problems) - MAX_PROBLEMS_SHOWN)} masalah lain</span>")
    for warning in result.warnings[:MAX_PROBLEMS_SHOWN]:
        rows.append(f'{indent}<span style="color:{AMBER}">peringatan: {esc(str(warning))}</span>')
    if expected is not None and result.kind is not None and result.kind.step != expected.step:
        rows.append(f'{indent}<span style="color:{AMBER}">catatan: berkas ini berisi {esc(result.kind.label)}, '
                    f"bukan {esc(expected.label)}; dimuat sebagai {esc(result.kind.label)}</span>")
    return f'<p style="margin-top:6px">{"<br>".join(rows)}</p>'


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {RED}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label

