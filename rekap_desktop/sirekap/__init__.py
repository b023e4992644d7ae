"""Sirekap: reading the public Sirekap data, recognising how it went wrong, storing and summing it (DESIGN §6).

One module per concept:

- `sources`: files, folders and zip archives walked into data items (with SHA-256);
- `json`: one public Sirekap JSON document classified and parsed (TPS record, region list, aggregate, name lists);
- `tabular`: the documented CSV/XLSX layout of Sirekap figures;
- `anomalies`: what is wrong inside one TPS record (sums, impossible values, misread digits);
- `importer`: an import as one audited snapshot;
- `store`: the figures as stored (current record per TPS, history, sums per kecamatan with coverage);
- `summary`: `sirekap-summary` per TPS, desa or kecamatan.
"""
