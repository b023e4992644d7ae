"""Starting the application: ``rekap-desktop [gui] [--db DB] [--demo]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rekap_desktop.db import EngineOptions, default_database_path, demo_database_path
from rekap_desktop.services import RecapService, StorageError

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings


def demo_needs_build(path: Path) -> bool:
    """True when the demo database at ``path`` must be built: it does not exist, or the shipped demo is newer
    (setting ``demo_versi``) — the older file is then kept beside it (``<name>-versi-<n>.sqlite``) so nothing typed
    into it is lost. A file that is not a demo (--db pointing at an office database) is never touched."""
    from rekap_desktop.demo_sampang import DEMO_VERSION

    if path.exists():
        found = demo_version(path)
        if (found is not None and found >= DEMO_VERSION) or not is_demo_database(path):
            return False  # up to date, or not a demo at all
        backup = path.with_name(f"{path.stem}-versi-{found or 1}{path.suffix}")
        for suffix in ("-wal", "-shm", ""):
            if Path(f"{path}{suffix}").exists():
                os.replace(f"{path}{suffix}", f"{backup}{suffix}")
        sys.stderr.write(f"Data demo diperbarui ke versi {DEMO_VERSION}; basis data demo lama disimpan sebagai "
                         f"{backup}.\n")
    return True


def ensure_demo(path: Path) -> None:
    """Build the demo database at ``path`` when :func:`demo_needs_build` says so (without a window)."""
    if demo_needs_build(path):
        from rekap_desktop.demo import create_demo

        sys.stderr.write(f"Membuat basis data demo {path} (sekali saja)…\n")
        create_demo(path)


def _setting(path: Path, key: str) -> str | None:
    """One setting of a SQLite database file, read without opening it as an application database."""
    import sqlite3

    try:
        conn = sqlite3.connect(path)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def is_demo_database(path: Path) -> bool:
    """Whether the file is a demo database (setting ``dataset`` = ``demo``)."""
    return _setting(path, "dataset") == "demo"


def demo_version(path: Path) -> int | None:
    """The ``demo_versi`` setting of a demo database file; None when it has none or cannot be read."""
    from rekap_desktop.demo_sampang import VERSION_SETTING

    value = _setting(path, VERSION_SETTING)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _has_contests(target: str | Path) -> bool:
    """Whether ``target`` is a database with contests (False for a SQLite file that does not exist yet).

    A database that cannot be opened counts as True: opening it again reports the error as before."""
    if "://" not in str(target) and not Path(target).exists():
        return False
    try:
        service = RecapService.open(target)
    except Exception:
        return True
    try:
        return bool(service.contests())
    except Exception:
        return True
    finally:
        service.close()


def window_engine_options() -> EngineOptions:
    """The window's database use (DESIGN §14): a short lock wait (``REKAP_GUI_LOCK_WAIT_MS``, 200 ms) after which
    an edit waits in the retry queue instead of freezing the window; the WAL checkpoint runs in a background
    thread, never inside an edit's commit."""
    try:
        wait = max(20, int(os.environ.get("REKAP_GUI_LOCK_WAIT_MS", "200")))
    except ValueError:
        wait = 200
    return EngineOptions(lock_wait_ms=wait, wal_autocheckpoint=False)


def run(db: str | None = None, demo: bool = False, operator: str = "", *, settings: QSettings | None = None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from ui.main_window import MainWindow
    from ui.operator_dialog import ask_operator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("KPU")
    app.setApplicationName("RekapDesktop")
    app.setApplicationDisplayName("Rekap Desktop")
    from ui.qt_indonesian import install as install_indonesian

    install_indonesian(app)  # Qt's own buttons and dialogs in Indonesian
    settings = settings if settings is not None else QSettings("KPU", "RekapDesktop")
    if not operator:  # every session starts by naming who operates (remembered per station, DESIGN §13)
        from rekap_desktop.services import default_station

        asked = ask_operator(settings, default_station())
        if asked is None:
            sys.stderr.write("Dibatalkan: nama operator diperlukan untuk log audit.\n")
            return 0
        operator = asked
    target: str | Path
    if demo:
        target = Path(db) if db else demo_database_path()
        if demo_needs_build(Path(target)):  # first start: a progress window while the demo is built (once)
            from ui.first_start import build_demo_with_progress

            sys.stderr.write(f"Membuat basis data demo {target} (sekali saja)…\n")
            ok, error, seconds = build_demo_with_progress(Path(target))
            if not ok:
                QMessageBox.critical(None, "Basis data demo tidak dapat dibuat", error)
                return 3
            sys.stderr.write(f"Basis data demo siap dalam {seconds:.1f} detik.\n")
    else:
        target = db or default_database_path()
        if not _has_contests(target):  # first start: the setup wizard instead of an empty window
            from ui.setup_wizard import SetupWizard

            wizard = SetupWizard(target=target, actor=operator)
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.target is None:
                sys.stderr.write("Persiapan dibatalkan; jalankan Rekap Desktop lagi untuk melanjutkan.\n")
                return 0
            target = wizard.target
    try:
        service = RecapService.open(target, actor=operator, options=window_engine_options())
    except StorageError as exc:
        QMessageBox.critical(None, "Basis data tidak dapat dibuka", str(exc))
        return 3
    window = MainWindow(service, settings=settings)
    from ui.window_layout import fit_to_screen

    fit_to_screen(window, settings)  # fits the screen it opens on (maximised on small laptops), or as last closed
    window.show()
    code = app.exec()
    service.close()
    return int(code)
