"""PySide6 must exit cleanly after heavy model/view use: 6.12.0 aborts at interpreter exit (status 134).

pyproject pins PySide6 < 6.12 for this; this test is what allows lifting the pin. SCRIPT is a verbatim copy of
shared/engineering/pyside6_exit_crash_check.py, run in a fresh interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r'''"""Check for the PySide6 6.12.0 crash at interpreter exit.

Seen on the reference machine (Python 3.11, PySide6-Essentials 6.12.0, QT_QPA_PLATFORM=offscreen): a table view
repainted a few hundred times over a QAbstractTableModel whose data() returns None for unused roles makes the
process abort at exit with "Fatal Python error: bool_dealloc: deallocating True or False" (exit status 134),
after all work succeeded. PySide6 6.11.3 runs the same script cleanly (exit status 0).

Run: QT_QPA_PLATFORM=offscreen python pyside6_exit_crash_check.py ; echo $?
A test suite built on a PySide6 that has this fault fails in CI even when every test passes.
"""
import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView


class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 30

    def columnCount(self, parent=QModelIndex()):
        return 10

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(index.row())
        return None


app = QApplication(sys.argv)
model = Model()
view = QTableView()
view.setModel(model)
view.show()
for k in range(300):
    ix = model.index(k % 30, k % 10)
    model.dataChanged.emit(ix, ix)
    app.processEvents()
print("repaints done; a crash now would come from interpreter shutdown")
'''


def test_pyside6_exits_cleanly_after_many_repaints() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert "repaints done" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0, f"exit status {result.returncode}\n{result.stderr[-2000:]}"
