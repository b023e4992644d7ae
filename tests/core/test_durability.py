"""A writer killed with SIGKILL in the middle of a stream of edits loses no acknowledged edit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rekap_desktop.services import RecapService

from .refdata import small_reference

WRITER = textwrap.dedent(
    """
    import sys
    from rekap_desktop.services import RecapService
    svc = RecapService.open(sys.argv[1], actor="penulis")
    lines = ["IV.1", "IV.2", "IV.3", "V.B"]
    i = 0
    while True:
        line, kec = lines[i % 4], ("352701", "352702", "352703")[i % 3]
        svc.set_entry("ppwp", line, kec, i)
        sys.stdout.write(f"ACK {line} {kec} {i}\\n")
        sys.stdout.flush()
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
@pytest.mark.parametrize("kill_after", [25, 150])
def test_sigkill_mid_stream_loses_no_acknowledged_edit(tmp_path: Path, kill_after: int) -> None:
    db = tmp_path / "kill.sqlite"
    svc = RecapService.open(db)
    svc.store_reference(small_reference())
    svc.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    acked: dict[tuple[str, str], int] = {}
    assert proc.stdout is not None
    for _ in range(kill_after):
        _, line, kec, value = proc.stdout.readline().split()
        acked[(line, kec)] = int(value)
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: the writer is inside its next transaction or about to be
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    svc = RecapService.open(db)
    sheet = svc.load_sheet("ppwp")
    for (line, kec), value in acked.items():
        # the acknowledged value is there, or a later one whose ACK was never read (it committed, then died)
        stored = sheet.value(line, kec)
        assert stored is not None and stored >= value, (line, kec, stored, value)
    report = svc.verify_audit()
    assert report.ok, report.problems
    svc.close()
