"""Starting the application: ``rekap-desktop [gui] [--db DB] [--demo]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rekap_desktop.db import default_database_path, demo_database_path
from rekap_desktop.services import RecapService, StorageError

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings


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
        if not Path(target).exists():  # first start: a progress window while the demo is built (once)
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
        service = RecapService.open(target, actor=operator)
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
