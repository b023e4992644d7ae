"""Qt's own dialogs in Indonesian: walk the file, message, print, wizard, input and progress dialogs and the context
menus; every lookup Qt makes in a covered context must be in the table, and no English text may stay on screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QPoint, Qt, QTimer, QTranslator
from PySide6.QtGui import QContextMenuEvent, QUndoStack
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QScrollBar,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
    QWizardPage,
)

from ui import qt_indonesian
from ui.qt_indonesian import COVERED, TABLE, IndonesianQtTranslator

# English words Qt would show if a lookup were missed; "OK" is what Indonesian Windows shows too.
ENGLISH = {_s for table in TABLE.values() for _s, _t in table.items() if _s != _t}
ENGLISH_NORMALISED = {re.sub(r"[&.…<>]", "", s).strip().lower() for s in ENGLISH} - {"", "ok", "folder", "drive"}


class Recorder(QTranslator):
    """Installed after the Indonesian translator, so asked first: records the lookup and lets the next answer."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def translate(self, context: str, sourceText: str, disambiguation: str | None = None, n: int = -1) -> None:
        self.seen.add((context, sourceText))
        return None  # a null QString: not found here, ask the next translator

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def recorder(qapp) -> Iterator[Recorder]:
    qt_indonesian.install(qapp)
    rec = Recorder()
    qapp.installTranslator(rec)
    yield rec
    qapp.removeTranslator(rec)


def texts_of(root: QWidget) -> list[str]:
    """Every text a person can read on ``root``: buttons, labels, tool tips, combo items, titles, menus, headers."""
    out = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root and not isinstance(w, QMenu):
            continue
        out.append(w.toolTip())
        if isinstance(w, (QAbstractButton, QLabel)):
            out.append(w.text())
        elif isinstance(w, QComboBox):
            out.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QTabWidget):
            out.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QHeaderView) and w.model() is not None:
            out.extend(str(w.model().headerData(i, w.orientation()) or "") for i in range(w.count()))
        for action in w.actions():
            out.extend((action.text(), action.toolTip()))
    return [t.split("\t")[0] for t in out if t]  # "&Salin\tCtrl+C": the text, not the shortcut


def english_in(texts: list[str]) -> list[str]:
    return sorted({t for t in texts if re.sub(r"[&.…<>]", "", t).strip().lower() in ENGLISH_NORMALISED})


def assert_indonesian(recorder: Recorder, texts: list[str]) -> None:
    missing = sorted((c, s) for c, s in recorder.seen if c in COVERED and s not in TABLE[c])
    assert not missing, f"Qt asked for words the table lacks: {missing}"
    assert not english_in(texts), english_in(texts)


def while_modal(kind: type[QWidget], action: Callable[[QWidget], None]) -> list[QWidget]:
    """Run ``action`` on the modal ``kind`` as soon as it shows (for Qt's static getXxx functions)."""
    seen: list[QWidget] = []

    def act() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(10, act)
            return
        seen.append(widget)
        action(widget)

    QTimer.singleShot(0, act)
    return seen


def test_install_prefers_qt_dialogs_and_is_idempotent(qapp) -> None:
    first = qt_indonesian.install(qapp)
    assert qt_indonesian.install(qapp) is first
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Batal"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Cari di:"
    assert QCoreApplication.translate("NotQt", "Cancel") == "Cancel"  # our own texts are not touched
    assert QLocale().language() is QLocale.Language.Indonesian and QLocale().toString(1.5) == "1,5"


def test_translator_answers_only_what_it_knows() -> None:
    translator = IndonesianQtTranslator()
    assert translator.translate("QWizard", "< &Back") == "< &Kembali"
    assert translator.translate("QWizard", "something new") is None
    assert translator.translate("NoSuchContext", "OK") is None


@pytest.mark.parametrize("mode", ["save", "open", "folder"])
def test_static_file_dialogs_are_qt_and_indonesian(qtbot, recorder: Recorder, mode: str) -> None:
    texts: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        texts.extend(texts_of(dialog))
        assert isinstance(dialog, QFileDialog)
        dialog.reject()

    seen = while_modal(QFileDialog, read_and_close)
    if mode == "save":
        QFileDialog.getSaveFileName(None, "Simpan berita acara", "", "PDF (*.pdf);;Semua berkas (*)")
    elif mode == "open":
        QFileDialog.getOpenFileNames(None, "Pilih berkas Sirekap", "")
    else:
        QFileDialog.getExistingDirectory(None, "Pilih folder")
    assert seen, "no Qt file dialog was shown (a native one?)"
    assert {"&Cari di:", "&Nama berkas:"} & set(texts) or mode == "folder"
    assert_indonesian(recorder, texts)


def test_file_dialog_detail_view_headers_and_overwrite_question(qtbot, recorder: Recorder, tmp_path) -> None:
    (tmp_path / "ba.pdf").write_bytes(b"%PDF")
    dialog = QFileDialog(None, "Simpan", str(tmp_path))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any("Tanggal Diubah" in t for t in texts_of(dialog)))
    texts = texts_of(dialog)
    question: list[str] = []

    def read_question(box: QWidget) -> None:
        question.extend(texts_of(box))
        assert isinstance(box, QMessageBox)
        box.reject()

    seen = while_modal(QMessageBox, read_question)
    dialog.selectFile(str(tmp_path / "ba.pdf"))
    dialog.accept()  # the file exists: Qt asks before replacing it
    assert seen
    assert any("sudah ada" in t for t in question) and {"&Ya", "&Tidak"} <= set(question)
    assert_indonesian(recorder, texts + question)


def test_message_box_standard_buttons(qtbot, recorder: Recorder) -> None:
    buttons = QMessageBox.StandardButton
    every = (buttons.Ok | buttons.Save | buttons.SaveAll | buttons.Open | buttons.Yes | buttons.YesToAll | buttons.No
             | buttons.NoToAll | buttons.Abort | buttons.Retry | buttons.Ignore | buttons.Close | buttons.Cancel
             | buttons.Discard | buttons.Help | buttons.Apply | buttons.Reset | buttons.RestoreDefaults)
    box = QMessageBox(QMessageBox.Icon.Question, "Judul", "Teks", every)
    box.setDetailedText("rincian")
    qtbot.addWidget(box)
    box.show()
    texts = texts_of(box)
    assert {"Batal", "Simpan", "&Ya", "&Tidak", "Tutup", "Buang", "Tampilkan Rincian…"} <= set(texts)
    assert_indonesian(recorder, texts)


def test_print_dialogs(qtbot, recorder: Recorder) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    texts: list[str] = []
    for dialog in (QPrintDialog(printer), QPrintPreviewDialog(printer)):  # page setup needs a real printer
        qtbot.addWidget(dialog)
        dialog.show()
        for button in dialog.findChildren(QAbstractButton):  # "Opsi >>" opens the rest of the print dialog
            if button.text().startswith("&Opsi"):
                button.click()
        texts.extend(texts_of(dialog))
        dialog.close()
    assert "&Cetak" in texts or "Cetak" in texts
    assert_indonesian(recorder, texts)


def test_wizard_buttons(qtbot, recorder: Recorder) -> None:
    wizard = QWizard()
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    wizard.setOption(QWizard.WizardOption.HaveHelpButton, True)
    first, second = QWizardPage(), QWizardPage()
    second.setCommitPage(True)
    wizard.addPage(first)
    wizard.addPage(second)
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    wizard.show()
    texts = texts_of(wizard)
    wizard.next()
    texts += texts_of(wizard)
    assert {"< &Kembali", "&Lanjut >", "Batal", "Terapkan"} <= set(texts)
    assert_indonesian(recorder, texts)


def test_input_and_progress_dialogs(qtbot, recorder: Recorder) -> None:
    texts: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        texts.extend(texts_of(dialog))
        assert isinstance(dialog, QDialog)
        dialog.reject()

    while_modal(QInputDialog, read_and_close)
    QInputDialog.getText(None, "Alasan", "Alasan membuka kembali:")
    progress = QProgressDialog()
    progress.setLabelText("Membuat basis data demo…")
    qtbot.addWidget(progress)
    progress.show()
    texts += texts_of(progress)
    assert {"OK", "Batal"} <= set(texts)
    assert_indonesian(recorder, texts)


def _menu_texts(menu: QMenu) -> list[str]:
    out = []
    for action in menu.actions():
        out.append(action.text().split("\t")[0])
        if action.menu() is not None:
            out.extend(_menu_texts(action.menu()))
    return out


def test_context_menus_of_text_fields_spin_boxes_docks_and_undo(qtbot, recorder: Recorder) -> None:
    texts: list[str] = []
    for widget in (QLineEdit("12"), QTextEdit("12"), QPlainTextEdit("12")):
        qtbot.addWidget(widget)
        texts += _menu_texts(widget.createStandardContextMenu())
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.show()
    popped: list[str] = []

    def read_popup() -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            QTimer.singleShot(10, read_popup)
            return
        popped.extend(_menu_texts(popup))
        popup.close()

    for target in (spin, QScrollBar(Qt.Orientation.Vertical)):
        qtbot.addWidget(target)
        target.show()
        QTimer.singleShot(0, read_popup)
        QApplication.sendEvent(target, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2),
                                                                  target.mapToGlobal(QPoint(2, 2))))
    texts += popped
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QWidget())
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, QDockWidget("Navigasi"))
    window.show()
    texts += texts_of(window)
    stack = QUndoStack()
    texts += [stack.createUndoAction(window).text(), stack.createRedoAction(window).text()]
    assert {"&Salin", "T&empel", "Po&tong", "&Pilih Semua", "&Naikkan", "Urungkan", "Ulangi"} <= set(texts)
    assert ("QScrollBar", "Scroll here") in recorder.seen  # the scroll bar's menu was built (offscreen: not shown)
    assert_indonesian(recorder, texts)


def test_the_english_check_itself_catches_english() -> None:
    assert english_in(["&Look in:", "Cancel", "Batal", "OK", "Save As"]) == ["&Look in:", "Cancel", "Save As"]
