"""From the database to the berita acara: fill :class:`BeritaAcaraData` from the core, render, sign, verify.

Used by ``rekap-desktop berita-acara`` / ``verify-pdf`` and by the GUI dialog. No Qt here.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rekap_desktop.contest import Contest
from rekap_desktop.form_names import form_names
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import RecapService, ValidationError
from rekap_desktop.sheet import RecapSheet, SirekapState
from reports.berita_acara import RenderResult, render_berita_acara
from reports.berita_acara_data import (
    BeritaAcaraData,
    ComparisonRow,
    KeberatanRow,
    LineRow,
    Signatory,
    compute_figures_sha256,
)
from reports.signing import read_pdf_identity, sign_pdf, verify_pdf_signature

Writer = Callable[[str], None]
INVARIANT_MOMENT = dt.datetime(2024, 3, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Completeness:
    missing_cells: int
    incomplete_kecamatan: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.missing_cells == 0


def completeness(sheet: RecapSheet) -> Completeness:
    missing: list[str] = []
    cells = 0
    for kec in sheet.columns:
        empty = sum(1 for line in sheet.catalogue.lines if sheet.value(line.id, kec) is None)
        if empty:
            missing.append(kec)
            cells += empty
    return Completeness(cells, tuple(missing))


def figure_lines(sheet: RecapSheet) -> list[LineRow]:
    """Sections I–V as printed: headers and lines with their kecamatan figures and JUMLAH."""
    rows: list[LineRow] = []
    ballot = sheet.contest.ballot.value
    for row in sheet.catalogue.rows:
        if row.line is None:
            if row.level == 0:
                continue  # section titles are printed by the renderer as table captions
            rows.append(LineRow(f"#{len(rows)}", "IV", row.header, indent=0, is_header=True))  # party blocks: IV
            continue
        line = row.line
        total = sheet.value(line.id, JUMLAH) if sheet.total_complete(line.id) else None
        is_total = line.id.endswith((".T", "I.B.4.JML")) or line.id in ("V.A", "V.C")
        in_words = line.in_words and (line.section.value == "V" or ballot == "ppwp")
        rows.append(LineRow(
            line.id, line.section.value, line.label, indent=line.indent,  # type: ignore[arg-type]
            values={kec: sheet.value(line.id, kec) for kec in sheet.columns},
            total=total, in_words=in_words, is_total=is_total,
        ))
    return rows


def comparison_rows(sheet: RecapSheet) -> list[ComparisonRow]:
    """Lines where manual ≠ Sirekap (complete or partial coverage), per kecamatan; Δ = manual − Sirekap."""
    out: list[ComparisonRow] = []
    for kec in sheet.columns:
        name = sheet.contest.kecamatan_name(kec)
        for line in sheet.catalogue.lines:
            state = sheet.sirekap_state(line.id, kec)
            delta = sheet.delta(line.id, kec)
            if state is SirekapState.MISMATCH or (state is SirekapState.PARTIAL and delta):
                fig = sheet.sirekap(line.id, kec)
                assert fig is not None
                out.append(ComparisonRow(name, line.id, line.label, sheet.value(line.id, kec), fig.value, delta,
                                         fig.coverage_text))
    return out


def peserta_labels(contest: Contest) -> list[str]:
    """One saksi per peserta: the paslon, the parties of the dapil, or the DPD candidates."""
    if contest.paslon:
        return [f"Pasangan Calon 0{p.number}" for p in contest.paslon]
    if contest.dpd_candidates:
        return [f"Calon DPD {c.number}. {c.name}" for c in contest.dpd_candidates]
    return [f"{b.party.number}. {b.party.short_name}" for b in contest.parties]


def signatories(service: RecapService, contest: Contest) -> list[Signatory]:
    people = service.attendance(contest.key)
    if not people:  # nothing recorded yet: the KPU members from the office settings and blank saksi lines
        settings = service.settings()
        result = [Signatory("ketua", settings.get("ketua", ""))]
        result += [Signatory("anggota", n) for n in settings.get("anggota", "").split("|") if n]
        result += [Signatory("saksi", "", peserta=p) for p in peserta_labels(contest)]
        result.append(Signatory("bawaslu", ""))
        return result
    out = []
    for p in people:
        if p.role == "ppk":
            continue
        refused = p.present and not p.signs
        out.append(Signatory(
            p.role, p.name, peserta=p.peserta or None, present=p.present, signs=p.signs,  # type: ignore[arg-type]
            refusal_reason=(p.refusal_reason or None) if refused else None,
        ))
    return out


def keberatan_rows(service: RecapService, contest: Contest) -> list[KeberatanRow]:
    rows = []
    for i, k in enumerate(service.keberatan(contest.key), start=1):
        outcome = {"terbuka": "belum diputus", "diterima": "diterima", "ditolak": "ditolak"}.get(k.status, k.status)
        rows.append(KeberatanRow(
            i, "kejadian khusus" if k.kind == "kejadian_khusus" else "keberatan",
            contest.kecamatan_name(k.kecamatan) if k.kecamatan and contest.has_kecamatan(k.kecamatan) else None,
            k.peserta or None, k.saksi or None, ", ".join(k.cells), k.description, outcome, k.tindak_lanjut,
        ))
    return rows


def build_data(
    service: RecapService, contest: Contest, *, paper: str | None = None, invariant: bool = False,
    meeting_date: dt.date | None = None,
) -> tuple[BeritaAcaraData, RecapSheet]:
    settings = service.settings()
    sheet = service.load_sheet(contest.key)
    columns = [(r.code, r.name) for r in contest.kecamatan]
    lines = figure_lines(sheet)
    ballot = contest.ballot.value
    dapil_code = contest.dapil_code or None
    digest = compute_figures_sha256(ballot, dapil_code, columns, lines)
    kab = settings.get("kabupaten_kode", "")
    document_id = f"DHK-{kab}-{ballot.upper()}{'-' + dapil_code if dapil_code else ''}-{digest[:10]}"
    if meeting_date is None:
        stored = settings.get("tanggal_rapat", "")
        meeting_date = dt.date.fromisoformat(stored) if stored else (
            INVARIANT_MOMENT.date() if invariant else dt.date.today())
    kab_name = settings.get("kabupaten_nama", "")
    names = form_names(ballot, settings.get("provinsi_kode", "") or kab[:2], settings)
    data = BeritaAcaraData(
        ballot=ballot,  # type: ignore[arg-type]
        election_title=names.election_title, model_code=names.model_code, body_short=names.body_short,
        provinsi=settings.get("provinsi_nama", ""),
        kabupaten=kab_name if kab_name.startswith(("KABUPATEN", "KOTA")) else f"KABUPATEN {kab_name}".strip(),
        dapil=contest.dapil.name if contest.dapil else None,
        office=settings.get("kantor", f"KOMISI PEMILIHAN UMUM KABUPATEN {kab_name}".strip()),
        place=settings.get("tempat", ""), meeting_date=meeting_date,
        columns=columns, lines=lines, signatories=signatories(service, contest),
        keberatan=keberatan_rows(service, contest), sirekap_comparison=comparison_rows(sheet),
        document_id=document_id, data_sha256=digest,
        generated_at=INVARIANT_MOMENT if invariant else dt.datetime.now().replace(microsecond=0),
        paper=(paper or settings.get("kertas", "a4")),  # type: ignore[arg-type]
    )
    return data, sheet


def write_berita_acara(
    service: RecapService, contest: Contest, out: Path, *, paper: str | None = None, invariant: bool = False,
    sign: Path | None = None, sign_password: str | None = None,
) -> tuple[RenderResult, Completeness]:
    data, sheet = build_data(service, contest, paper=paper, invariant=invariant)
    if sign is None:
        return render_berita_acara(data, out, invariant=invariant), completeness(sheet)
    # signed: render beside the target, sign into the target, so a wrong password never leaves an unsigned file
    unsigned = out.with_name(f".{out.name}.belum-ditandatangani.pdf")
    try:
        result = render_berita_acara(data, unsigned, invariant=invariant)
        sign_pdf(unsigned, out, sign, sign_password.encode() if sign_password else None,
                 location=service.settings().get("kabupaten_nama"))
    finally:
        unsigned.unlink(missing_ok=True)
    return result, completeness(sheet)


# ------------------------------------------------------------------------------------------------ CLI glue
def _contest(service: RecapService, ballot: str, dapil: str | None) -> Contest:
    if dapil:
        return service.find_contest(ballot, dapil)
    found = [c for c in service.contests() if c.ballot.value == ballot.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(f"tidak ada kontes {ballot} di basis data ini")
    options = ", ".join(c.dapil_code for c in found)
    raise ValidationError(f"{ballot} punya {len(found)} dapil; pilih dengan --dapil ({options})")


def produce_berita_acara(args: argparse.Namespace, service: RecapService, out: Writer, err: Writer) -> int:
    try:
        contest = _contest(service, args.ballot, args.dapil)
    except (ValidationError, ValueError) as exc:
        err(str(exc))
        return 2
    try:
        result, done = write_berita_acara(
            service, contest, args.out, paper=args.paper, invariant=getattr(args, "invariant", False),
            sign=args.sign, sign_password=args.sign_password,
        )
    except OSError as exc:
        err(f"PDF tidak dapat ditulis ke {args.out}: {exc.strerror or exc}. Tidak ada berkas yang ditulis.")
        return 2
    except ValueError as exc:  # e.g. a wrong .p12 password or a damaged certificate file
        err(f"PDF tidak ditandatangani dan tidak ditulis: {exc}")
        return 2
    out(f"Berita acara {contest.title}: {args.out} ({result.page_count} halaman, dokumen {result.document_id})")
    out(f"SHA-256 angka: {result.data_sha256}")
    if not done.complete:
        names = ", ".join(contest.kecamatan_name(k) for k in done.incomplete_kecamatan)
        err(f"PERINGATAN: {done.missing_cells} isian belum ada (kecamatan {names}); JUMLAH baris yang belum "
            "lengkap dicetak kosong. Dokumen ini belum final.")
    return 0


def verify_berita_acara(args: argparse.Namespace, service: RecapService, out: Writer, err: Writer) -> int:
    path: Path = args.file
    if not path.exists():
        err(f"Berkas tidak ditemukan: {path}")
        return 2
    identity = read_pdf_identity(path)
    if identity is None:
        err(f"{path}: bukan berita acara Rekap Desktop (identitas dokumen tidak ditemukan)")
        return 1
    document_id, printed_sha = identity
    parts = document_id.split("-")
    ballot = parts[2].lower() if len(parts) >= 4 else ""
    dapil = parts[3] if len(parts) == 5 else None
    try:
        contest = service.find_contest(ballot, dapil)
    except ValidationError as exc:
        err(f"{path}: kontes dokumen {document_id} tidak ada di basis data ini ({exc})")
        return 1
    data, _ = build_data(service, contest)
    ok = True
    if data.data_sha256 == printed_sha:
        out(f"COCOK: angka di {path} ({document_id}) sama dengan data saat ini (SHA-256 {printed_sha}).")
    else:
        ok = False
        err(f"TIDAK COCOK: angka di {path} (SHA-256 {printed_sha}) berbeda dengan data saat ini "
            f"({data.data_sha256}); dokumen dibuat sebelum ada perubahan, atau telah diubah.")
    status = verify_pdf_signature(path)
    if status.signed:
        if status.valid or (status.intact and status.trusted is None):
            out(f"Tanda tangan elektronik utuh: {status.signer or 'penanda tangan tidak diketahui'}. {status.message}")
        else:
            ok = False
            err(f"TANDA TANGAN TIDAK SAH: {status.message}")
    else:
        out("Dokumen tidak bertanda tangan elektronik.")
    return 0 if ok else 1
