"""National reference lists of Pemilu 2024: the paslon and the parties with their ballot numbers.

Public facts (recap-domain.md §7). An office may still load ``ppwp.json`` / ``partai.json`` from Sirekap;
these are the defaults when it does not.
"""

from __future__ import annotations

from rekap_desktop.participants import Party, Paslon

PASLON_2024: tuple[Paslon, ...] = (
    Paslon(1, "100025", "H. ANIES RASYID BASWEDAN, Ph.D. – Dr. (H.C.) H. A. MUHAIMIN ISKANDAR", "#8CB9BD"),
    Paslon(2, "100026", "H. PRABOWO SUBIANTO – GIBRAN RAKABUMING RAKA", "#C7B7A3"),
    Paslon(3, "100027", "H. GANJAR PRANOWO, S.H., M.I.P. – Prof. Dr. H. M. MAHFUD MD", "#B67352"),
)

PARTIES_2024: tuple[Party, ...] = (
    Party(1, "PKB", "Partai Kebangkitan Bangsa", color="#00764A", sirekap_id="100001"),
    Party(2, "Gerindra", "Partai Gerakan Indonesia Raya", color="#AA0000", sirekap_id="100002"),
    Party(3, "PDI Perjuangan", "Partai Demokrasi Indonesia Perjuangan", color="#D2001A", sirekap_id="100003"),
    Party(4, "Golkar", "Partai Golongan Karya", color="#FFE600", sirekap_id="100004"),
    Party(5, "NasDem", "Partai NasDem", color="#002E79", sirekap_id="100005"),
    Party(6, "Partai Buruh", "Partai Buruh", color="#FF6600", sirekap_id="100006"),
    Party(7, "Gelora", "Partai Gelombang Rakyat Indonesia", color="#00AEEF", sirekap_id="100007"),
    Party(8, "PKS", "Partai Keadilan Sejahtera", color="#FF5E00", sirekap_id="100008"),
    Party(9, "PKN", "Partai Kebangkitan Nusantara", color="#D32F2F", sirekap_id="100009"),
    Party(10, "Hanura", "Partai Hati Nurani Rakyat", color="#F39C12", sirekap_id="100010"),
    Party(11, "Garuda", "Partai Garda Republik Indonesia", color="#C62828", sirekap_id="100011"),
    Party(12, "PAN", "Partai Amanat Nasional", color="#1565C0", sirekap_id="100012"),
    Party(13, "PBB", "Partai Bulan Bintang", color="#1B5E20", sirekap_id="100013"),
    Party(14, "Demokrat", "Partai Demokrat", color="#0D47A1", sirekap_id="100014"),
    Party(15, "PSI", "Partai Solidaritas Indonesia", color="#E91E63", sirekap_id="100015"),
    Party(16, "Perindo", "Partai Perindo", color="#283593", sirekap_id="100016"),
    Party(17, "PPP", "Partai Persatuan Pembangunan", color="#1B7F3B", sirekap_id="100017"),
    Party(18, "PNA", "Partai Nanggroe Aceh", is_aceh=True),
    Party(19, "Gabthat", "Partai Generasi Atjeh Beusaboh Tha'at dan Taqwa", is_aceh=True),
    Party(20, "PDA", "Partai Darul Aceh", is_aceh=True),
    Party(21, "PA", "Partai Aceh", is_aceh=True),
    Party(22, "PAS Aceh", "Partai Adil Sejahtera Aceh", is_aceh=True),
    Party(23, "SIRA", "Partai Soliditas Independen Rakyat Aceh", is_aceh=True),
    Party(24, "Partai Ummat", "Partai Ummat", color="#212121", sirekap_id="100024"),
)

NATIONAL_PARTIES_2024: tuple[Party, ...] = tuple(p for p in PARTIES_2024 if not p.is_aceh)
