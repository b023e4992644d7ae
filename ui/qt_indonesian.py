"""Qt's own words in Bahasa Indonesia: the buttons, file and print dialogs, wizard and context menus Qt draws itself.

Qt ships no Indonesian catalogue (no ``qtbase_id.qm`` in PySide6), so an English-language laptop — or any laptop —
would show "Look in:", "Save", "Yes/No", "OK/Cancel", "< Back", "Cut/Copy/Paste" in the middle of an Indonesian
application (issue 12 item 4). :class:`IndonesianQtTranslator` answers Qt's ``QCoreApplication::translate(context,
source)`` lookups from :data:`TABLE`, keyed by the context Qt uses (``QPlatformTheme`` for the standard buttons of
message boxes and button boxes, ``QFileDialog``, ``QFileSystemModel``, ``QWizard``, ``QPrintDialog``…,
``QLineEdit``/``QWidgetTextControl`` for the edit context menus).

:func:`install` installs it, makes Qt use its own (translated) file and message dialogs instead of the
platform's native ones, whose language follows the operating system, and sets the default locale to Indonesian
(file sizes, file types and decimal commas in Qt's widgets). Source strings are Qt 6's; a test walks the
dialogs, records every lookup in these contexts and fails on one missing here (a new Qt release adding words) and
on any English button text left on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator

_SCROLL = {
    "Scroll here": "Gulir ke sini", "Left edge": "Tepi kiri", "Top": "Paling atas", "Right edge": "Tepi kanan",
    "Bottom": "Paling bawah", "Page left": "Satu layar ke kiri", "Page up": "Satu layar ke atas",
    "Page right": "Satu layar ke kanan", "Page down": "Satu layar ke bawah", "Scroll left": "Gulir ke kiri",
    "Scroll up": "Gulir ke atas", "Scroll right": "Gulir ke kanan", "Scroll down": "Gulir ke bawah",
}
_EDIT = {
    "&Undo": "&Urungkan", "&Redo": "U&langi", "Cu&t": "Po&tong", "&Copy": "&Salin", "&Paste": "T&empel",
    "Delete": "Hapus", "Select All": "Pilih Semua",
}
_UNDO = {"Undo": "Urungkan", "Redo": "Ulangi", "Undo %1": "Urungkan %1", "Redo %1": "Ulangi %1"}

TABLE: dict[str, dict[str, str]] = {
    # Standard buttons of QMessageBox and QDialogButtonBox.
    "QPlatformTheme": {
        "OK": "OK", "Save": "Simpan", "Save All": "Simpan Semua", "Open": "Buka", "&Yes": "&Ya",
        "Yes to &All": "Ya untuk &Semua", "&No": "&Tidak", "N&o to All": "T&idak untuk Semua", "Abort": "Hentikan",
        "Retry": "Coba Lagi", "Ignore": "Abaikan", "Close": "Tutup", "Cancel": "Batal", "Discard": "Buang",
        "Help": "Bantuan", "Apply": "Terapkan", "Reset": "Atur Ulang", "Restore Defaults": "Kembalikan Bawaan",
    },
    "QGnomeTheme": {
        "&OK": "&OK", "&Save": "&Simpan", "&Cancel": "&Batal", "&Close": "&Tutup",
        "Close without Saving": "Tutup tanpa Menyimpan",
    },
    "QDialogButtonBox": {"OK": "OK"},
    "QMessageBox": {
        "Show Details...": "Tampilkan Rincian…", "Hide Details...": "Sembunyikan Rincian…", "About Qt": "Tentang Qt",
        "<h3>About Qt</h3><p>This program uses Qt version %1.</p>":
            "<h3>Tentang Qt</h3><p>Program ini memakai Qt versi %1.</p>",
    },
    "QErrorMessage": {
        "&OK": "&OK", "&Show this message again": "&Tampilkan pesan ini lagi", "An error occurred": "Terjadi galat",
        "Critical Error:": "Galat kritis:", "Debug Message:": "Pesan debug:", "Fatal Error:": "Galat fatal:",
        "Information:": "Informasi:", "Warning:": "Peringatan:",
    },
    "QInputDialog": {"Enter a value:": "Tulis nilainya:"},
    "QProgressDialog": {"Cancel": "Batal"},
    "QProgressBar": {"%p%": "%p%"},
    "QDialog": {"What's This?": "Apa Ini?"},
    "QWhatsThisAction": {"What's This?": "Apa Ini?"},
    "QDockWidget": {
        "Close": "Tutup", "Closes the dock widget": "Tutup panel ini (buka lagi dari menu Tampilan)",
        "Float": "Lepaskan", "Undocks and re-attaches the dock widget": "Lepaskan panel ini atau tempelkan kembali",
    },
    "CloseButton": {"Close Tab": "Tutup Tab"},
    "QTabBar": {"Scroll Left": "Gulir ke Kiri", "Scroll Right": "Gulir ke Kanan"},
    "QComboBox": {"False": "Salah", "True": "Benar", "Open the combo box selection popup": "Buka daftar pilihan"},
    "QAbstractSpinBox": {"&Select All": "&Pilih Semua", "&Step up": "&Naikkan", "Step &down": "T&urunkan"},
    "QLineEdit": dict(_EDIT),
    "QWidgetTextControl": {**_EDIT, "Copy &Link Location": "Salin &Alamat Tautan"},
    "QUnicodeControlCharacterMenu": {
        "Insert Unicode control character": "Sisipkan karakter kendali Unicode",
        "LRM Left-to-right mark": "LRM Tanda kiri-ke-kanan", "RLM Right-to-left mark": "RLM Tanda kanan-ke-kiri",
        "ZWJ Zero width joiner": "ZWJ Penyambung tanpa lebar", "ZWNJ Zero width non-joiner":
            "ZWNJ Pemisah tanpa lebar", "ZWSP Zero width space": "ZWSP Spasi tanpa lebar",
        "LRE Start of left-to-right embedding": "LRE Awal sisipan kiri-ke-kanan",
        "RLE Start of right-to-left embedding": "RLE Awal sisipan kanan-ke-kiri",
        "LRO Start of left-to-right override": "LRO Awal paksaan kiri-ke-kanan",
        "RLO Start of right-to-left override": "RLO Awal paksaan kanan-ke-kiri",
        "PDF Pop directional formatting": "PDF Akhir format arah", "LRI Left-to-right isolate":
            "LRI Isolasi kiri-ke-kanan", "RLI Right-to-left isolate": "RLI Isolasi kanan-ke-kiri",
        "FSI First strong isolate": "FSI Isolasi arah pertama", "PDI Pop directional isolate":
            "PDI Akhir isolasi arah",
    },
    "QScrollBar": _SCROLL,
    "QUndoGroup": _UNDO,
    "QUndoStack": _UNDO,
    "QUndoModel": {"<empty>": "<kosong>"},
    "QWizard": {
        "< &Back": "< &Kembali", "&Next >": "&Lanjut >", "&Next": "&Lanjut", "&Finish": "&Selesai", "Cancel": "Batal",
        "&Help": "&Bantuan", "Help": "Bantuan", "Go Back": "Kembali", "Continue": "Lanjutkan", "Commit": "Terapkan",
        "Done": "Selesai",
    },
    "QFileDialog": {
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nFolder tidak ditemukan.\nPeriksa apakah nama folder sudah benar.",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nBerkas tidak ditemukan.\nPeriksa apakah nama berkas sudah benar.",
        "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nTimpa berkas itu?",
        "'%1' is write protected.\nDo you want to delete it anyway?":
            "'%1' dilindungi dari penulisan.\nTetap hapus?",
        "Are you sure you want to delete '%1'?": "Yakin menghapus '%1'?",
        "Could not delete directory.": "Folder tidak dapat dihapus.",
        "&Choose": "&Pilih", "&Delete": "&Hapus", "&Look in:": "&Cari di:", "&New Folder": "Folder &Baru",
        "&Open": "&Buka", "&Rename": "&Ganti Nama", "&Save": "&Simpan", "All Files (*)": "Semua berkas (*)",
        "All files (*)": "Semua berkas (*)", "Back": "Mundur", "Forward": "Maju",
        "Change to detail view mode": "Tampilan rinci", "Change to list view mode": "Tampilan daftar",
        "Create New Folder": "Buat Folder Baru", "Create a New Folder": "Buat folder baru", "Delete": "Hapus",
        "Detail View": "Tampilan Rinci", "Directories": "Folder", "Directory:": "Folder:",
        "File &name:": "&Nama berkas:", "Files": "Berkas", "Files of &type:": "&Jenis berkas:",
        "Find Directory": "Cari Folder", "Go back": "Mundur", "Go forward": "Maju",
        "Go to the parent directory": "Ke folder induk", "List View": "Tampilan Daftar",
        "List of places and bookmarks": "Daftar tempat dan markah", "New Folder": "Folder Baru", "Open": "Buka",
        "Parent Directory": "Folder Induk", "Recent Places": "Tempat Terakhir", "Remove": "Hapus",
        "Save As": "Simpan Sebagai", "Show ": "Tampilkan ", "Show &hidden files": "Tampilkan berkas &tersembunyi",
        "Sidebar": "Panel samping", "Alt+Left": "Alt+Left", "Alt+Right": "Alt+Right", "Alt+Up": "Alt+Up",
    },
    "QFileSystemModel": {
        "Computer": "Komputer", "My Computer": "Komputer Saya", "Date Modified": "Tanggal Diubah", "Kind": "Jenis",
        "Name": "Nama", "Size": "Ukuran", "Type": "Jenis",
    },
    "QAbstractFileIconProvider": {
        "Alias": "Alias", "Drive": "Drive", "File": "Berkas", "File Folder": "Folder", "Folder": "Folder",
        "Shortcut": "Pintasan", "Unknown": "Tidak dikenal",
    },
    "QPrintDialog": {
        "%1 already exists.\nDo you want to overwrite it?": "%1 sudah ada.\nTimpa berkas itu?",
        "%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges "
        "and make sure ranges do not intersect with each other.":
            "%1 tidak ditulis dengan benar. Pisahkan halaman dan rentang dengan ',', tulis rentang dengan '-', dan "
            "pastikan rentang tidak saling tumpang tindih.",
        "%1 is a directory.\nPlease choose a different file name.": "%1 adalah folder.\nPilih nama berkas lain.",
        "File %1 is not writable.\nPlease choose a different file name.":
            "Berkas %1 tidak dapat ditulis.\nPilih nama berkas lain.",
        "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.":
            "Opsi 'Halaman per lembar' dan 'Himpunan halaman' tidak dapat dipakai bersamaan.\nMatikan salah "
            "satunya.",
        "The 'From' value cannot be greater than the 'To' value.":
            "Nilai 'dari' tidak boleh lebih besar daripada nilai 'sampai'.",
        "There are conflicts in duplex settings. Do you want to fix them?":
            "Pengaturan cetak bolak-balik saling bertentangan. Perbaiki?",
        "&Options <<": "&Opsi <<", "&Options >>": "&Opsi >>", "&Print": "&Cetak", "Print": "Cetak",
        "1 (1x1)": "1 (1x1)", "2 (2x1)": "2 (2x1)", "4 (2x2)": "4 (2x2)", "6 (2x3)": "6 (2x3)", "9 (3x3)": "9 (3x3)",
        "16 (4x4)": "16 (4x4)", "All Pages": "Semua halaman", "Even Pages": "Halaman genap",
        "Odd Pages": "Halaman ganjil", "Bottom to Top, Left to Right": "Bawah ke atas, kiri ke kanan",
        "Bottom to Top, Right to Left": "Bawah ke atas, kanan ke kiri",
        "Left to Right, Bottom to Top": "Kiri ke kanan, bawah ke atas",
        "Left to Right, Top to Bottom": "Kiri ke kanan, atas ke bawah",
        "Right to Left, Bottom to Top": "Kanan ke kiri, bawah ke atas",
        "Right to Left, Top to Bottom": "Kanan ke kiri, atas ke bawah",
        "Top to Bottom, Left to Right": "Atas ke bawah, kiri ke kanan",
        "Top to Bottom, Right to Left": "Atas ke bawah, kanan ke kiri",
        "Duplex Settings Conflicts": "Pengaturan Bolak-balik Bertentangan",
        "Invalid Pages Definition": "Penulisan Halaman Salah", "Local file": "Berkas di komputer ini",
        "Print To File ...": "Cetak ke Berkas…", "Print to File (PDF)": "Cetak ke berkas (PDF)",
        "Write PDF file": "Tulis berkas PDF",
    },
    "QPrintPreviewDialog": {
        "%1%": "%1%", "Export to PDF": "Ekspor ke PDF", "First page": "Halaman pertama", "Fit page": "Seluruh halaman",
        "Fit width": "Selebar jendela", "Landscape": "Melintang", "Last page": "Halaman terakhir",
        "Next page": "Halaman berikutnya", "Page Setup": "Pengaturan Halaman", "Page setup": "Pengaturan halaman",
        "Portrait": "Tegak", "Previous page": "Halaman sebelumnya", "Print": "Cetak", "Print Preview":
            "Pratinjau Cetak", "Show facing pages": "Tampilkan halaman berhadapan",
        "Show overview of all pages": "Tampilkan semua halaman", "Show single page": "Tampilkan satu halaman",
        "Zoom in": "Perbesar", "Zoom out": "Perkecil",
    },
    "QPrintPropertiesDialog": {
        "Advanced Option Conflicts": "Opsi Lanjutan Bertentangan", "Job Options": "Opsi Pencetakan",
        "Page Setup Conflicts": "Pengaturan Halaman Bertentangan", "Printer Properties": "Properti Pencetak",
        "There are conflicts in page setup options. Do you want to fix them?":
            "Pengaturan halaman saling bertentangan. Perbaiki?",
        "There are conflicts in some advanced options. Do you want to fix them?":
            "Beberapa opsi lanjutan saling bertentangan. Perbaiki?",
    },
    "QPrintPropertiesWidget": {
        "Advanced": "Lanjutan", "Form": "Formulir", "Page": "Halaman",
        "There are conflicts in some options. Please fix them.": "Beberapa opsi saling bertentangan. Perbaiki dahulu.",
    },
    "QPrintSettingsOutput": {
        "Collate": "Susun per rangkap", "Color": "Berwarna", "Color Mode": "Mode Warna", "Copies": "Rangkap",
        "Copies:": "Rangkap:", "Current Page": "Halaman ini", "Double Sided Printing": "Cetak Bolak-balik",
        "Form": "Formulir", "Grayscale": "Hitam-putih (abu-abu)", "Long side binding": "Jilid sisi panjang",
        "Off": "Tidak", "Options": "Opsi", "Output Settings": "Pengaturan Hasil Cetak",
        "Page &Set:": "&Himpunan halaman:", "Pages": "Halaman", "Pages from": "Halaman dari",
        "Print all": "Cetak semua", "Print range": "Rentang cetak", "Reverse": "Urutan terbalik",
        "Selection": "Pilihan", "Short side binding": "Jilid sisi pendek", "to": "sampai",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
        "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
            "Tulis halaman atau rentang dipisah koma; rentang ditulis dua angka dengan tanda hubung. Mis. 3,5-7,9 "
            "mencetak halaman 3, 5, 6, 7 dan 9.",
    },
    "QPrintWidget": {
        "&Name:": "&Nama:", "...": "…", "Form": "Formulir", "Location:": "Lokasi:", "Output &file:": "&Berkas hasil:",
        "P&roperties": "P&roperti", "Preview": "Pratinjau", "Printer": "Pencetak", "Type:": "Jenis:",
    },
    "QPageSetupWidget": {
        "CC": "CC", "Cicero (CC)": "Cicero (CC)", "Custom": "Ukuran lain", "DD": "DD", "Didot (DD)": "Didot (DD)",
        "Form": "Formulir", "Height:": "Tinggi:", "Inches (in)": "Inci (in)", "Landscape": "Melintang",
        "Margins": "Margin", "Millimeters (mm)": "Milimeter (mm)", "Orientation": "Arah kertas",
        "Page &order:": "&Urutan halaman:", "Page Layout": "Tata Letak Halaman", "Page size:": "Ukuran kertas:",
        "Pages &per sheet:": "Halaman &per lembar:", "Paper": "Kertas", "Paper source:": "Sumber kertas:",
        "Pica (P̸)": "Pica (P̸)", "Points (pt)": "Poin (pt)", "Portrait": "Tegak",
        "Reverse landscape": "Melintang terbalik", "Reverse portrait": "Tegak terbalik", "Width:": "Lebar:",
        "bottom margin": "margin bawah", "in": "in", "left margin": "margin kiri", "mm": "mm", "pt": "pt",
        "P̸": "P̸", "right margin": "margin kanan", "top margin": "margin atas",
    },
    "QCupsJobWidget": {
        "&Billing information:": "Informasi &tagihan:", "&End:": "&Akhir:", "&Start:": "&Awal:",
        "Banner Pages": "Halaman Sampul", "Classified": "Rahasia terbatas", "Confidential": "Rahasia",
        "Day (06:00 to 17:59)": "Siang (06.00–17.59)", "Hold Indefinitely": "Tahan dahulu", "Job": "Pencetakan",
        "Job &priority:": "&Prioritas:", "Job Control": "Kendali Pencetakan", "Night (18:00 to 05:59)":
            "Malam (18.00–05.59)", "None": "Tidak ada", "Print Immediately": "Cetak sekarang",
        "Scheduled &printing:": "&Jadwal cetak:", "Second Shift (16:00 to 23:59)": "Giliran kedua (16.00–23.59)",
        "Secret": "Sangat rahasia", "Specific Time": "Waktu tertentu", "Standard": "Biasa",
        "Third Shift (00:00 to 07:59)": "Giliran ketiga (00.00–07.59)", "Top Secret": "Sangat rahasia sekali",
        "Unclassified": "Tidak rahasia", "Weekend (Saturday to Sunday)": "Akhir pekan (Sabtu–Minggu)",
    },
    "QCupsPrinterSupport": {
        "Authentication Needed": "Perlu Masuk", "Authentication needed to use %1 on %2.":
            "Perlu nama pengguna dan sandi untuk memakai %1 di %2.",
        "Authentication needed to use %1.": "Perlu nama pengguna dan sandi untuk memakai %1.",
        "Password:": "Sandi:", "Username:": "Nama pengguna:",
    },
    "QPageSize": {"Custom": "Ukuran lain", "Custom (%1mm x %2mm)": "Ukuran lain (%1 mm × %2 mm)"},
    "QGuiApplication": {"QT_LAYOUT_DIRECTION": "LTR"},
}

# Contexts whose every lookup must be answered here (the test fails on a missing one). QPageSize names paper sizes
# (A4, Letter…), international names that stay; QShortcut names keys (Ctrl, Shift), printed on Indonesian keyboards.
COVERED = frozenset(TABLE) - {"QPageSize", "QGuiApplication"}


class IndonesianQtTranslator(QTranslator):
    """A translator answering Qt's own lookups from :data:`TABLE`, and None for anything else.

    None becomes a *null* QString, which tells Qt "not found here" (ask the next translator, else keep the source
    text); an empty Python string would be an empty translation and blank the text."""

    def translate(self, context: str, sourceText: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        table = TABLE.get(context)
        return table.get(sourceText) if table is not None else None

    def isEmpty(self) -> bool:
        return False

    def language(self) -> str:
        return "id_ID"


def install(app: QCoreApplication) -> IndonesianQtTranslator:
    """Install the translator on ``app`` and prefer Qt's own (translated) dialogs to the platform's native ones.

    Returns the translator; it is parented to ``app`` and stays installed for the application's life."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    # Qt's own formatting (file sizes and types in the file dialog, dates, decimal commas) in Indonesian too
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    for existing in app.findChildren(IndonesianQtTranslator):
        return existing
    translator = IndonesianQtTranslator(app)
    app.installTranslator(translator)
    return translator
