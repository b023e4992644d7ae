"""The projector's seat view: DPRD Kabupaten/Kota seats per party per dapil in large type, the last seat's margin,
"SEMENTARA" until every kecamatan of the dapil is ditetapkan, and how many open items could still change the result.

Two layouts: one dapil (the one the operator is on: every party with a seat, its seats in the largest digits —
60–75 px on a 1080p screen — and the nearest parties without a seat), or every dapil side by side (cards).
Painted directly (like the projector's pause screen): no model, no focus, nothing to edit. Colours from the
projector theme; every state also in words ("SEMENTARA", "SERI", "RAWAN"), for colour-blind saksi and
black-and-white photos. It shows :class:`ui.seat_source.SeatSource` results and repaints when one changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from rekap_desktop.numbers import format_number
from rekap_desktop.seats_dapil import DapilSeats
from ui.projector_theme import LIGHT, ProjectorTheme, Tone
from ui.seat_source import SeatSource

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
RUNNERS_UP = 2  # parties without a seat shown under the seat winners (the nearest challengers)


def _elide(fm: QFontMetrics, text: str, width: float) -> str:
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, max(1, round(width)))


class SeatView(QWidget):
    def __init__(self, source: SeatSource, *, kabupaten: str = "", theme: ProjectorTheme = LIGHT,
                 theme_of: Callable[[], ProjectorTheme | None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatView")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._source = source
        self._kabupaten = kabupaten
        self._theme = theme
        self._theme_of = theme_of  # the projector's current theme, when the view is one of its pages
        self._key = ""  # "" = every dapil
        source.resultChanged.connect(self._on_result)

    # ------------------------------------------------------------------ what to show
    def set_dapil(self, key: str) -> None:
        """One dapil (contest key), or every dapil with ""; keys of other ballots show every dapil."""
        self._key = key if key in self._source.dapil_keys() else ""
        self.update()

    def dapil(self) -> str:
        return self._key

    def set_theme(self, theme: ProjectorTheme) -> None:
        self._theme = theme
        self.update()

    def set_kabupaten(self, name: str) -> None:
        self._kabupaten = name
        self.update()

    def _on_result(self, key: str) -> None:
        if not self._key or key == self._key:
            self.update()

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        self._source.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def results(self) -> list[DapilSeats]:
        if self._key:
            one = self._source.result(self._key)
            return [one] if one is not None else []
        return self._source.results()

    # ------------------------------------------------------------------ text (what the room reads)
    def title(self) -> str:
        kab = self._kabupaten.strip().upper()
        return f"PEROLEHAN KURSI DPRD {kab}".rstrip() if kab else "PEROLEHAN KURSI DPRD KABUPATEN/KOTA"

    @staticmethod
    def state_word(result: DapilSeats) -> str:
        return "SEMENTARA" if result.provisional else "LENGKAP"

    @staticmethod
    def card_lines(result: DapilSeats) -> list[str]:
        """The text of one dapil as the room reads it (also what tests and screen readers get)."""
        head = f"Dapil {result.dapil_name} — {result.seats or '?'} kursi — {SeatView.state_word(result)}"
        allocation = result.allocation
        if allocation is None:
            return [head, result.problem]
        lines = [head]
        seated = [p for p in result.seat_parties if p.seats]
        lines.extend(f"{p.party.short_name}: {p.seats} kursi ({format_number(p.votes)} suara)" for p in seated)
        if allocation.tie is not None:
            tie = allocation.tie
            lines.append(f"SERI {tie.seats} kursi: {', '.join(result.name_of(n) for n in tie.parties)}")
        ls = allocation.last_seat
        if ls is not None:
            lines.append(f"Kursi terakhir: {result.name_of(ls.holder)} atas {result.name_of(ls.challenger)}, seri bila "
                         f"{format_number(ls.votes_moved)} suara berpindah")
        if result.at_risk:
            lines.append(f"RAWAN: {len(result.at_risk)} hal terbuka dapat mengubah hasil")
        return lines

    def lines(self) -> list[str]:
        out = [self.title()]
        for result in self.results():
            out.extend(self.card_lines(result))
        return out

    # ------------------------------------------------------------------ painting
    def _font(self, px: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(px)))
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        followed = self._theme_of() if self._theme_of is not None else None
        if followed is not None:
            self._theme = followed
        theme = self._theme
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.background))
        unit = max(self.height() / 22, 12.0)  # one row unit, as the projector's table (49 px on 1080p)
        pad = unit * 0.5
        p.setFont(self._font(unit * 0.95, True))
        p.setPen(QColor(theme.heading))
        title_rect = QRectF(pad, 0, self.width() - 2 * pad, unit * 1.6)
        p.drawText(title_rect, _LEFT, _elide(p.fontMetrics(), self.title(), title_rect.width()))
        results = self.results()
        body = QRectF(pad, unit * 1.7, self.width() - 2 * pad, self.height() - unit * 1.7 - pad)
        if not results:
            p.setFont(self._font(unit * 0.8))
            p.setPen(QColor(theme.muted))
            p.drawText(body, _CENTER, "Belum ada hasil kursi (dapil DPRD Kabupaten/Kota belum ada angkanya).")
        elif len(results) == 1:
            self._paint_dapil(p, body, results[0], unit)
        else:
            columns = 3 if len(results) > 4 else 2
            rows = -(-len(results) // columns)
            w, h = body.width() / columns, body.height() / rows
            for i, result in enumerate(results):
                cell = QRectF(body.left() + (i % columns) * w, body.top() + (i // columns) * h, w, h)
                self._paint_card(p, cell.adjusted(pad * 0.3, pad * 0.3, -pad * 0.3, -pad * 0.3), result, unit)
        p.end()

    def _badge(self, p: QPainter, rect: QRectF, text: str, tone: Tone) -> None:
        pair = self._theme.tone(tone)
        background = QColor(pair.background) if pair and pair.background else QColor(self._theme.stripe)
        p.fillRect(rect, background)
        p.setPen(QColor(pair.foreground) if pair else QColor(self._theme.text))
        p.drawText(rect, _CENTER, _elide(p.fontMetrics(), text, rect.width() - 4))

    def _header(self, p: QPainter, rect: QRectF, result: DapilSeats, px: float) -> float:
        """The dapil line and the SEMENTARA/LENGKAP badge; returns the height used."""
        theme = self._theme
        h = px * 1.6
        p.setFont(self._font(px, True))
        word = self.state_word(result)
        badge_w = QFontMetrics(p.font()).horizontalAdvance(f" {word} ") + px
        p.setPen(QColor(theme.text))
        text = f"Dapil {result.dapil_name} — {result.seats or '?'} kursi"
        p.drawText(QRectF(rect.left(), rect.top(), rect.width() - badge_w - px * 0.5, h), _LEFT,
                   _elide(p.fontMetrics(), text, rect.width() - badge_w - px * 0.5))
        self._badge(p, QRectF(rect.right() - badge_w, rect.top() + px * 0.2, badge_w, h - px * 0.4), word,
                    Tone.WARNING if result.provisional else Tone.MATCH)
        return h

    def _footer_lines(self, result: DapilSeats, *, short: bool = False) -> list[tuple[str, Tone | None]]:
        allocation = result.allocation
        out: list[tuple[str, Tone | None]] = []
        if allocation is None:
            return [(result.problem, None)]
        if allocation.tie is not None:
            tie = allocation.tie
            names = ", ".join(result.name_of(n) for n in tie.parties)
            out.append((f"SERI {tie.seats} kursi: {names}" if short else
                        f"SERI: {tie.seats} kursi terakhir antara {names} — diputuskan rapat pleno", Tone.WARNING))
        ls = allocation.last_seat
        if ls is not None:
            holder, challenger, moved = result.name_of(ls.holder), result.name_of(ls.challenger), ls.votes_moved
            out.append((f"Terakhir: {holder} atas {challenger} ({format_number(moved)} suara)" if short else
                        f"Kursi terakhir: {holder} atas {challenger} — seri bila {format_number(moved)} suara "
                        "berpindah", None))
        if result.at_risk:
            n = len(result.at_risk)
            out.append((f"RAWAN: {n} hal terbuka" if short else
                        f"RAWAN: {n} hal terbuka dapat mengubah kursi atau calon terpilih", Tone.ERROR))
        return out

    def _paint_dapil(self, p: QPainter, rect: QRectF, result: DapilSeats, unit: float) -> None:
        """One dapil over the whole screen: one row per party, the seats in the largest digits."""
        theme = self._theme
        y = rect.top() + self._header(p, rect, result, unit * 0.85)
        p.setFont(self._font(unit * 0.55))
        p.setPen(QColor(theme.muted))
        p.drawText(QRectF(rect.left(), y, rect.width(), unit * 0.9), _LEFT,
                   f"{len(result.kecamatan_ditetapkan)} dari {len(result.contest.kecamatan)} kecamatan ditetapkan, "
                   f"{len(result.kecamatan_with_figures)} sudah ada angkanya")
        y += unit * 0.95
        footer = self._footer_lines(result)
        foot_h = unit * 1.2 * len(footer)
        allocation = result.allocation
        parties = []
        if allocation is not None:
            seated = [q for q in result.seat_parties]
            rest = sorted((q for q in result.parties if not q.seats and not q.in_tie and q.votes),
                          key=lambda q: -q.votes)[:RUNNERS_UP]
            parties = seated + rest
        if parties:
            row_h = min(unit * 1.9, (rect.bottom() - foot_h - y) / len(parties))
            seat_px, name_px = row_h * 0.8, row_h * 0.5
            for i, party in enumerate(parties):
                row = QRectF(rect.left(), y + i * row_h, rect.width(), row_h)
                if i % 2:
                    p.fillRect(row, QColor(theme.stripe))
                p.setPen(QColor(theme.text if party.seats or party.in_tie else theme.muted))
                p.setFont(self._font(name_px, bool(party.seats)))
                p.drawText(QRectF(row.left() + unit * 0.3, row.top(), row.width() * 0.45, row_h), _LEFT,
                           _elide(p.fontMetrics(), f"{party.number}. {party.party.short_name}", row.width() * 0.45))
                p.drawText(QRectF(row.left() + row.width() * 0.45, row.top(), row.width() * 0.25, row_h), _RIGHT,
                           f"{format_number(party.votes)} suara")
                p.setFont(self._font(seat_px, True))
                seats = f"{party.seats}{'+?' if party.in_tie else ''}"
                p.drawText(QRectF(row.left() + row.width() * 0.72, row.top(), row.width() * 0.2, row_h), _RIGHT,
                           seats)
                p.setFont(self._font(name_px * 0.6))
                p.drawText(QRectF(row.left() + row.width() * 0.925, row.top(), row.width() * 0.075, row_h), _LEFT,
                           "kursi")
            y += row_h * len(parties)
        self._paint_footer(p, QRectF(rect.left(), rect.bottom() - foot_h, rect.width(), foot_h), footer, unit * 0.62)

    def _paint_footer(self, p: QPainter, rect: QRectF, footer: list[tuple[str, Tone | None]], px: float) -> None:
        if not footer:
            return
        h = rect.height() / len(footer)
        p.setFont(self._font(px, True))
        for i, (text, tone) in enumerate(footer):
            line = QRectF(rect.left(), rect.top() + i * h, rect.width(), h * 0.9)
            if tone is not None:
                self._badge(p, line, text, tone)
            else:
                p.setPen(QColor(self._theme.text))
                p.drawText(line, _LEFT, _elide(p.fontMetrics(), text, line.width()))

    def _paint_card(self, p: QPainter, rect: QRectF, result: DapilSeats, unit: float) -> None:
        """One dapil in a card of the overview: the seat winners as 'NasDem 3', the margin and RAWAN."""
        theme = self._theme
        p.setPen(QColor(theme.grid))
        p.drawRect(rect)
        inner = rect.adjusted(unit * 0.25, unit * 0.15, -unit * 0.25, -unit * 0.15)
        px = min(unit * 0.7, inner.height() / 9)
        y = inner.top() + self._header(p, inner, result, px)
        footer = self._footer_lines(result, short=True)
        foot_h = px * 1.5 * len(footer)
        seated = [q for q in result.seat_parties if q.seats or q.in_tie]
        if seated:
            per_row = 2
            rows = -(-len(seated) // per_row)
            row_h = min(px * 1.9, (inner.bottom() - foot_h - y) / max(rows, 1))
            w = inner.width() / per_row
            for i, party in enumerate(seated):
                cell = QRectF(inner.left() + (i % per_row) * w, y + (i // per_row) * row_h, w, row_h)
                p.setPen(QColor(theme.text))
                p.setFont(self._font(row_h * 0.5))
                p.drawText(cell.adjusted(0, 0, -w * 0.3, 0), _LEFT,
                           _elide(p.fontMetrics(), party.party.short_name, cell.width() * 0.7))
                p.setFont(self._font(row_h * 0.62, True))
                p.drawText(cell.adjusted(w * 0.7, 0, -w * 0.08, 0), _RIGHT,
                           f"{party.seats}{'+?' if party.in_tie else ''}")
        self._paint_footer(p, QRectF(inner.left(), inner.bottom() - foot_h, inner.width(), foot_h), footer, px * 0.8)
