"""The vocabulary every view of a recap sheet shares: the state of a cell and the custom item roles.

Models (:mod:`ui.sheet_model`, :mod:`ui.focus_model`) answer these roles; delegates, proxies and the projector
read them and choose their own colours (:mod:`ui.theme`). Findings are values, the state is derived from them:
nothing here knows a colour.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class CellState(IntEnum):
    """What a cell shows, most important first when several apply (an error wins over a mismatch)."""

    HEADER = 0  # a section or party header row: no figure
    ERROR = 1  # an arithmetic rule of severity "galat" is broken at this cell
    MISMATCH = 2  # manual figure ≠ complete Sirekap figure
    WARNING = 3  # a rule of severity "peringatan" is broken at this cell
    PARTIAL = 4  # manual figure present, Sirekap covers only part of the TPS
    MISSING = 5  # manual figure present, Sirekap has no figure for a line it normally publishes
    EMPTY = 6  # no manual figure yet ("belum diisi", never zero)
    OK = 7  # figure present and nothing to remark

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CellState.HEADER: "judul",
    CellState.ERROR: "galat aturan",
    CellState.MISMATCH: "beda dengan Sirekap",
    CellState.WARNING: "peringatan aturan",
    CellState.PARTIAL: "Sirekap belum lengkap",
    CellState.MISSING: "Sirekap tidak ada",
    CellState.EMPTY: "belum diisi",
    CellState.OK: "sesuai",
}


class Role(IntEnum):
    """Custom item roles (values above Qt.UserRole)."""

    LINE_ID = Qt.ItemDataRole.UserRole + 1  # str | None: line id of the row (None on header rows)
    COLUMN_CODE = Qt.ItemDataRole.UserRole + 2  # str: kecamatan code or JUMLAH
    VALUE = Qt.ItemDataRole.UserRole + 3  # int | None: the raw figure shown in the cell
    SIREKAP_VALUE = Qt.ItemDataRole.UserRole + 4  # int | None
    SIREKAP_STATE = Qt.ItemDataRole.UserRole + 5  # SirekapState value (Qt hands a StrEnum back as str: wrap it)
    DELTA = Qt.ItemDataRole.UserRole + 6  # int | None: manual − Sirekap
    COVERAGE = Qt.ItemDataRole.UserRole + 7  # str: "95 dari 97 TPS" ("" without a Sirekap figure)
    FINDINGS = Qt.ItemDataRole.UserRole + 8  # tuple[Finding, ...]
    STATE = Qt.ItemDataRole.UserRole + 9  # CellState
    ROW_KIND = Qt.ItemDataRole.UserRole + 10  # RowKind (vertical header and cells)
    LABEL = Qt.ItemDataRole.UserRole + 11  # str: row label without the line id (vertical header)
    INDENT = Qt.ItemDataRole.UserRole + 12  # int: indentation level of the row label (vertical header)
    WIDTH_SAMPLE = Qt.ItemDataRole.UserRole + 13  # str: widest text expected in a column (horizontal header)
    LOCKED = Qt.ItemDataRole.UserRole + 14  # bool: column ditetapkan (horizontal header and cells)
    FINDING = Qt.ItemDataRole.UserRole + 15  # Finding (findings model)
    FINDING_KIND = Qt.ItemDataRole.UserRole + 16  # FindingKind (findings model)
    MARKS = Qt.ItemDataRole.UserRole + 17  # tuple[Mark, ...]: keberatan, koreksi, hitung ulang (cell or column)


class RowKind(IntEnum):
    SECTION = 0  # "I. DATA PEMILIH …"
    GROUP = 1  # party block header in section IV
    LINE = 2  # an enterable line
