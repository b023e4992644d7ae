"""Reference files of one kabupaten: the CSV/XLSX templates and the Sirekap name lists (docs/panduan-persiapan.md).

A table file (CSV or XLSX, first sheet) has its column titles on row 1; its *kind* is recognised from those titles
(order free, case-insensitive), so a file needs no particular name. Sirekap's public name lists (JSON: region
lists, ``partai.json``, ``ppwp.json``, ``caleg/partai/<dapil>.json``, ``caleg/dpd/<prov>.json``) are read with
:mod:`rekap_desktop.sirekap.json`.

This package has no database: it reads and writes the files, and a
:class:`~rekap_desktop.reference_files.checker.FileChecker` applies one file to a
:class:`~rekap_desktop.reference_files.state.ReferenceState` (all reference data as plain values), collecting every
problem as a :class:`~rekap_desktop.reference_files.read.Problem` naming the file, the row and the column. Reading
and writing the state (:mod:`rekap_desktop.setup_store`), the check against the figures already entered
(:mod:`rekap_desktop.setup_dependencies`), and the transaction (:mod:`rekap_desktop.setup`) are outside it.

One module per concept:

- `formats`: the kinds of file, the templates' columns (``FORMATS``), the ``kantor`` keys, the shipped templates;
- `read`: reading a file, folder or zip into template tables and Sirekap name lists; ``Problem``;
- `state`: the reference data as plain values (``ReferenceState``) and what differs between two states;
- `check`: a file's outcome (``FileResult``), the base of the checks (reporting, reading one cell);
- `regions`, `parties`, `dapil`, `candidates`, `office`: the checks of each family of files;
- `checker`: ``FileChecker``, one file applied by its kind through those checks;
- `write`: reference data written back as template files.
"""
