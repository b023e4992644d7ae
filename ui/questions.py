"""Risky questions asked the safe way: Indonesian buttons named by their effect, the safe answer is the default.

Every yes/no whose "yes" is risky — penetapan of a kecamatan with findings or empty cells, discarding changes,
overwriting a file — goes through this module (issue 10 item 6, issue 12 item 4):

- the buttons say what they do ("Tetapkan", "Timpa", "Buang perubahan"), never "Yes"/"No";
- the safe button is the default *and* the escape button: Enter, Escape and the window's close button all take the
  safe path; the risky path needs a deliberate click (or Tab to it, then Space/Enter);
- the text names what is wrong (which kecamatan, how many empty cells and error findings, which file), and the
  details list the first items.

Each helper calls the module-level :func:`ask` (or :func:`ask_unsaved`) at call time, so a test can answer every
question at once with ``monkeypatch.setattr(ui.questions, "ask", lambda parent, question: True)``; the helpers'
own tests drive the real message box with the keyboard.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from rekap_desktop.numbers import format_number

DETAIL_LIMIT = 8  # items listed in a question; the rest are counted ("… dan 5 lainnya")


@dataclass(frozen=True)
class Question:
    """One risky question: ``risky`` is the button that does the risky thing, ``safe`` the one that does not."""

    title: str
    text: str  # what is asked, naming what is wrong (plain text)
    risky: str  # button text named by its effect: "Tetapkan", "Timpa", "Buang perubahan"
    safe: str = "Batal"
    details: tuple[str, ...] = field(default=())  # one item per line, shown under the text
    consequence: str = ""  # what the risky answer leads to, shown after the details


class Unsaved(enum.Enum):
    """The answer to "changes not saved yet": save them, throw them away, or stay where you are."""

    SAVE = "simpan"
    DISCARD = "buang"
    STAY = "kembali"


def detail_lines(items: Sequence[str], limit: int = DETAIL_LIMIT) -> tuple[str, ...]:
    """The first ``limit`` items, then one line counting the rest."""
    shown = tuple(items[:limit])
    rest = len(items) - len(shown)
    return (*shown, f"… dan {format_number(rest)} lainnya") if rest > 0 else shown


def _informative(details: Sequence[str], consequence: str) -> str:
    parts = []
    if details:
        parts.append("\n".join(f"• {item}" for item in details))
    if consequence:
        parts.append(consequence)
    return "\n\n".join(parts)


def question_box(parent: QWidget | None, question: Question) -> tuple[QMessageBox, QAbstractButton]:
    """The message box of ``question`` (not shown) and its risky button; the safe button is default and escape."""
    box = QMessageBox(QMessageBox.Icon.Warning, question.title, question.text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    info = _informative(question.details, question.consequence)
    if info:
        box.setInformativeText(info)
    risky = box.addButton(question.risky, QMessageBox.ButtonRole.DestructiveRole)
    safe = box.addButton(question.safe, QMessageBox.ButtonRole.RejectRole)
    risky.setAutoDefault(False)  # a focused risky button must not grab a stray Enter before the user tabs to it
    box.setDefaultButton(safe)
    box.setEscapeButton(safe)
    safe.setFocus()
    return box, risky


def ask(parent: QWidget | None, question: Question) -> bool:
    """Show ``question`` modally; True only when the risky button was clicked (Enter, Escape, close: False)."""
    box, risky = question_box(parent, question)
    try:
        box.exec()
        return box.clickedButton() is risky
    finally:
        box.deleteLater()


def unsaved_box(parent: QWidget | None, title: str, text: str, *, details: Sequence[str] = ()
                ) -> tuple[QMessageBox, dict[QAbstractButton, Unsaved]]:
    """The three-way box of :func:`ask_unsaved` (not shown): "Simpan" is the default, "Kembali" the escape."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(_informative(detail_lines(details), ""))
    save = box.addButton("Simpan", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Buang perubahan", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Kembali", QMessageBox.ButtonRole.RejectRole)
    discard.setAutoDefault(False)
    box.setDefaultButton(save)
    box.setEscapeButton(stay)
    save.setFocus()
    return box, {save: Unsaved.SAVE, discard: Unsaved.DISCARD, stay: Unsaved.STAY}


def ask_unsaved(parent: QWidget | None, title: str, text: str, *, details: Sequence[str] = ()) -> Unsaved:
    """Changes not saved yet: SAVE (Enter), DISCARD (only by a click on "Buang perubahan") or STAY (Escape)."""
    box, answers = unsaved_box(parent, title, text, details=details)
    try:
        box.exec()
        clicked = box.clickedButton()
        return answers.get(clicked, Unsaved.STAY) if clicked is not None else Unsaved.STAY
    finally:
        box.deleteLater()


# ------------------------------------------------------------------------------------------ the questions we ask
def penetapan_question(kecamatan: str, *, empty: Sequence[str] = (), errors: Sequence[str] = ()) -> Question:
    """Penetapan of kecamatan ``kecamatan`` (its name) while ``empty`` lines (labels) are blank and ``errors`` (the
    messages of error findings) stand. PKPU 5/2024: a ditetapkan column changes only through a correction."""
    wrong = []
    if empty:
        wrong.append(f"{format_number(len(empty))} isian kosong")
    if errors:
        wrong.append(f"{format_number(len(errors))} temuan galat")
    text = (f"Kecamatan {kecamatan} masih memiliki {' dan '.join(wrong)}. Tetapkan juga?" if wrong
            else f"Tetapkan kecamatan {kecamatan}?")
    details = [*(f"Galat: {e}" for e in errors), *(f"Kosong: {label}" for label in empty)]
    return Question(
        title="Tetapkan kecamatan?", text=text, risky="Tetapkan", safe="Batal",
        details=detail_lines(details),
        consequence=("Setelah ditetapkan, kolom ini terkunci; perubahan berikutnya hanya lewat koreksi dengan "
                     "alasan dan keberatan."),
    )


def confirm_penetapan(parent: QWidget | None, kecamatan: str, *, empty: Sequence[str] = (),
                      errors: Sequence[str] = ()) -> bool:
    """True when the operator clicked "Tetapkan" despite ``empty`` cells and ``errors`` (default: "Batal")."""
    return ask(parent, penetapan_question(kecamatan, empty=empty, errors=errors))


def overwrite_question(path: Path | str, *, what: str = "Berkas") -> Question:
    """Overwriting the existing file ``path``; ``what`` names it for the operator ("Berita acara", "Berkas")."""
    path = Path(path)
    return Question(
        title="Timpa berkas?", text=f"{what} {path.name} sudah ada di {path.parent}. Timpa dengan yang baru?",
        risky="Timpa", safe="Batal", consequence="Isi berkas yang lama hilang dan tidak dapat dikembalikan.",
    )


def confirm_overwrite(parent: QWidget | None, path: Path | str, *, what: str = "Berkas") -> bool:
    """True when the operator clicked "Timpa" to replace the existing ``path`` (default: "Batal")."""
    return ask(parent, overwrite_question(path, what=what))


def discard_question(what: str, *, details: Sequence[str] = (), consequence: str = "") -> Question:
    """Throwing away ``what`` ("perubahan daftar hadir", "isian yang belum disimpan")."""
    return Question(
        title="Buang perubahan?", text=f"Buang {what}?", risky="Buang perubahan", safe="Kembali",
        details=detail_lines(details), consequence=consequence or "Yang dibuang tidak dapat dikembalikan.",
    )


def confirm_discard(parent: QWidget | None, what: str, *, details: Sequence[str] = (),
                    consequence: str = "") -> bool:
    """True when the operator clicked "Buang perubahan" (default: "Kembali", nothing is lost)."""
    return ask(parent, discard_question(what, details=details, consequence=consequence))


def confirm(parent: QWidget | None, title: str, text: str, *, risky: str, safe: str = "Batal",
            details: Sequence[str] = (), consequence: str = "") -> bool:
    """Any other risky question: ``risky`` names the effect ("Buka kembali", "Hapus"); True only on its click."""
    return ask(parent, Question(title=title, text=text, risky=risky, safe=safe, details=detail_lines(details),
                                consequence=consequence))
