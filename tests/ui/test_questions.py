"""Risky questions: the real message box, answered with the keyboard and the mouse while it is modal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from ui import questions
from ui.questions import Unsaved

ENGLISH = {"Yes", "No", "OK", "Cancel", "Save", "Discard", "Apply", "Close", "Abort", "Retry", "Ignore"}


def answer_with(qtbot, action: Callable[[QMessageBox], None]) -> list[QMessageBox]:
    """Run ``action`` on the modal message box as soon as it is shown; returns the boxes seen (for assertions).

    A box still open 3 s after the action is closed and listed twice, so that ``(box,) = seen`` fails."""
    seen: list[QMessageBox] = []

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, act)
            return
        seen.append(box)
        action(box)
        watchdog = QTimer(box)  # dies with the box: never fires into a later test
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(lambda: stuck(box))
        watchdog.start(3000)

    def stuck(box: QMessageBox) -> None:  # never hang: a box the action did not answer fails the test
        try:
            visible = box.isVisible()
        except RuntimeError:  # answered and deleted meanwhile; the timer may fire during a later test
            return
        if visible:
            seen.append(box)
            box.done(-1)


    QTimer.singleShot(0, act)
    return seen


def press(key: Qt.Key) -> Callable[[QMessageBox], None]:
    def action(box: QMessageBox) -> None:
        target = box.focusWidget() or box  # the widget that has the keyboard focus inside the box
        QApplication.sendEvent(target, _key_event(key))
        QApplication.sendEvent(target, _key_event(key, release=True))

    return action


def _key_event(key: Qt.Key, release: bool = False):
    from PySide6.QtGui import QKeyEvent

    kind = QKeyEvent.Type.KeyRelease if release else QKeyEvent.Type.KeyPress
    return QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier)


def click(text: str) -> Callable[[QMessageBox], None]:
    def action(box: QMessageBox) -> None:
        (button,) = [b for b in box.buttons() if b.text() == text]
        button.click()

    return action


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


ERRORS = ["Suara sah + tidak sah: V.C = 1.007, sedangkan V.A + V.B = 1.000 (selisih 7)"]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Space])
def test_penetapan_keyboard_never_takes_the_risky_path(qtbot, parent: QWidget, key: Qt.Key) -> None:
    seen = answer_with(qtbot, press(key))
    assert questions.confirm_penetapan(parent, "OMBEN", empty=["DPT L"], errors=ERRORS) is False
    (box,) = seen
    assert box.defaultButton().text() == "Batal"
    assert box.escapeButton().text() == "Batal"


def test_penetapan_only_a_click_on_tetapkan_says_yes(qtbot, parent: QWidget) -> None:
    seen = answer_with(qtbot, click("Tetapkan"))
    assert questions.confirm_penetapan(parent, "OMBEN", empty=["DPT L", "DPT P"], errors=ERRORS) is True
    (box,) = seen
    assert "OMBEN" in box.text() and "2 isian kosong" in box.text() and "1 temuan galat" in box.text()
    assert "selisih 7" in box.informativeText() and "Kosong: DPT L" in box.informativeText()
    assert "terkunci" in box.informativeText()  # what the risky answer leads to


def test_tab_to_the_risky_button_then_space_is_deliberate(qtbot, parent: QWidget) -> None:
    def tab_then_space(box: QMessageBox) -> None:
        (risky,) = [b for b in box.buttons() if b.text() == "Tetapkan"]
        risky.setFocus()
        press(Qt.Key.Key_Space)(box)

    answer_with(qtbot, tab_then_space)
    assert questions.confirm_penetapan(parent, "OMBEN", errors=ERRORS) is True


def test_closing_the_window_is_the_safe_answer(qtbot, parent: QWidget) -> None:
    answer_with(qtbot, lambda box: box.reject())
    assert questions.confirm_overwrite(parent, Path("/tmp/ba.pdf"), what="Berita acara") is False


def test_overwrite_names_the_file_and_its_folder(qtbot, parent: QWidget, tmp_path: Path) -> None:
    seen = answer_with(qtbot, click("Timpa"))
    assert questions.confirm_overwrite(parent, tmp_path / "ba-ppwp.pdf", what="Berita acara") is True
    (box,) = seen
    assert "ba-ppwp.pdf" in box.text() and str(tmp_path) in box.text()
    assert {b.text() for b in box.buttons()} == {"Timpa", "Batal"}


def test_discard_defaults_to_kembali(qtbot, parent: QWidget) -> None:
    seen = answer_with(qtbot, press(Qt.Key.Key_Return))
    assert questions.confirm_discard(parent, "perubahan daftar hadir", details=["Saksi PKB: nama diubah"]) is False
    (box,) = seen
    assert box.defaultButton().text() == "Kembali"
    assert "Saksi PKB" in box.informativeText()


@pytest.mark.parametrize(("action", "expected"), [
    (press(Qt.Key.Key_Return), Unsaved.SAVE),
    (press(Qt.Key.Key_Escape), Unsaved.STAY),
    (lambda box: box.reject(), Unsaved.STAY),
    (click("Buang perubahan"), Unsaved.DISCARD),
    (click("Simpan"), Unsaved.SAVE),
])
def test_unsaved_three_ways(qtbot, parent: QWidget, action, expected: Unsaved) -> None:
    answer_with(qtbot, action)
    assert questions.ask_unsaved(parent, "Daftar hadir belum disimpan", "Simpan sekarang?") is expected


def test_generic_confirm_and_long_details_are_counted(qtbot, parent: QWidget) -> None:
    seen = answer_with(qtbot, press(Qt.Key.Key_Return))
    items = [f"temuan {i}" for i in range(20)]
    assert questions.confirm(parent, "Buka kembali?", "Buka kembali kecamatan OMBEN?", risky="Buka kembali",
                             details=items) is False
    (box,) = seen
    assert "… dan 12 lainnya" in box.informativeText() and "temuan 8" not in box.informativeText()


def test_no_question_has_english_or_generic_buttons(qtbot) -> None:
    """Every helper's buttons are Indonesian and named by their effect (never Ya/Tidak, never Yes/No)."""
    built = [
        questions.question_box(None, questions.penetapan_question("OMBEN", errors=ERRORS))[0],
        questions.question_box(None, questions.overwrite_question("/tmp/x.pdf"))[0],
        questions.question_box(None, questions.discard_question("perubahan"))[0],
        questions.unsaved_box(None, "Belum disimpan", "Simpan?")[0],
    ]
    for box in built:
        texts = {b.text() for b in box.buttons()}
        assert not texts & ENGLISH, texts
        assert not texts & {"Ya", "Tidak"}, texts
        risky = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole]
        assert risky and all(isinstance(b, QPushButton) and not b.autoDefault() for b in risky)
        assert box.defaultButton() not in risky and box.escapeButton() not in risky
        box.deleteLater()
