"""Starting the application: ``rekap-desktop [gui] [--db DB] [--demo]``."""

from __future__ import annotations

import sys
from pathlib import Path

from rekap_desktop.db import default_database_path, demo_database_path
from rekap_desktop.services import RecapService, StorageError


def ensure_demo(path: Path) -> None:
    if not path.exists():
        from rekap_desktop.demo import create_demo

        sys.stderr.write(f"Membuat basis data demo {path} (sekali saja)…\n")
        create_demo(path)


def run(db: str | None = None, demo: bool = False, operator: str = "") -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("KPU")
    app.setApplicationName("RekapDesktop")
    app.setApplicationDisplayName("Rekap Desktop")
    target: str | Path
    if demo:
        target = Path(db) if db else demo_database_path()
        ensure_demo(Path(target))
    else:
        target = db or default_database_path()
    try:
        service = RecapService.open(target, actor=operator or "operator")
    except StorageError as exc:
        QMessageBox.critical(None, "Basis data tidak dapat dibuka", str(exc))
        return 3
    if not service.contests() and not demo:
        QMessageBox.information(None, "Belum ada data", (
            f"Basis data {target} belum berisi data referensi kabupaten/kota.\n\n"
            "Siapkan dengan: rekap-desktop init --db … --kabupaten KODE, lalu rekap-desktop import-reference, "
            "atau buka data demo dengan rekap-desktop --demo."))
    window = MainWindow(service)
    window.resize(1500, 900)
    window.show()
    code = app.exec()
    service.close()
    return int(code)
