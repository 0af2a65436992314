"""V. Kesimpulan dan saran: the sentences, generated from the report's figures."""

from decimal import Decimal

from reports.terbilang import angka, bulan


def sentences(report):
    """Sentences for V. Kesimpulan dan Saran, generated from the figures."""
    d = report.data
    period = f"bulan {bulan(report.month)} {report.year}"
    conclusions = []
    suggestions = []
    conclusions.append(
        f"Selama {period} tercatat {angka(d['visits_total'])} kunjungan (sambang) ke "
        f"{angka(d['areas_visited'])} dari {angka(d['areas_total'])} wilayah binaan"
        + (f" ({d['coverage_pct']}%)." if d["coverage_pct"] is not None else ".")
    )
    if d["planned_total"]:
        conclusions.append(
            f"Dari {angka(d['planned_total'])} kunjungan yang dijadwalkan, "
            f"{angka(d['done_total'])} ({d['adherence_pct']}%) terlaksana pada tanggal jadwalnya."
        )
    else:
        conclusions.append("Belum ada jadwal kunjungan yang tercatat untuk bulan ini.")
        suggestions.append(
            "Kapolsek menyusun jadwal kunjungan harian, mingguan dan bulanan Bhabinkamtibmas "
            "dan memajangnya di Mako Polsek."
        )
    c = d["conflicts"]
    if c["current"] > c["previous"]:
        trend = "naik dibanding"
    elif c["current"] < c["previous"]:
        trend = "turun dibanding"
    else:
        trend = "sama dengan"
    conclusions.append(
        f"Konflik sosial {period}: {c['current']} kejadian, {trend} "
        f"{c['previous_label']} ({c['previous']} kejadian) dan {c['last_year']} kejadian pada "
        f"{c['last_year_label']}."
    )
    if c["hotspots"]:
        suggestions.append(_hotspot_suggestion(c["hotspots"], c["hotspot_months"]))
    unvisited = d["unvisited"]["count"]
    if unvisited:
        suggestions.append(
            f"Menjadwalkan kunjungan ke {angka(unvisited)} wilayah binaan yang belum dikunjungi "
            f"pada {period}."
        )
    not_yet = d["competency"].total[8]
    if not_yet:
        conclusions.append(
            f"{angka(not_yet)} dari {angka(d['competency'].total[2])} Bhabinkamtibmas belum "
            "mengikuti Dikbangspes Binmas/Polmas."
        )
        suggestions.append(
            f"Mengusulkan Dikbangspes Binmas/Polmas bagi {angka(not_yet)} Bhabinkamtibmas yang "
            "belum mengikutinya, dan pelatihan mandiri di Polsek sementara menunggu kuota."
        )
    short = [s for s in d["shortfalls"] if s["short"]]
    if short:
        worst = max(short, key=lambda s: s["short"])
        conclusions.append(
            f"Sarana belum mencukupi satu per personel: {worst['name']} tersedia "
            f"{angka(worst['good'])} dalam kondisi baik untuk {angka(worst['needed'])} "
            f"Bhabinkamtibmas (kurang {angka(worst['short'])})."
        )
        suggestions.append(
            "Mengusulkan pemenuhan sarana "
            + ", ".join(f"{s['name']} ({angka(s['short'])})" for s in short)
            + " melalui DIPA tahun anggaran berikutnya."
        )
    if d["other_duties"]["hours"]:
        conclusions.append(
            f"Bhabinkamtibmas menjalankan tugas di luar fungsi Binmas selama "
            f"{_hours(d['other_duties']['hours'])} jam pada {period}."
        )
        suggestions.append(
            "Membatasi penugasan rangkap (patroli Sabhara, jaga Mako) agar Bhabinkamtibmas "
            "dapat fokus pada wilayah binaannya."
        )
    budget = d["budget"]
    if budget:
        conclusions.append(
            f"Dukungan anggaran DIPA TA {budget['fiscal_year']} sebesar {budget['pagu'].figure} "
            f"({budget['pagu'].words}); terealisasi {budget['realised'].figure} "
            f"({budget['pct'] or 0}%), sisa {budget['left'].figure} ({budget['left'].words})."
        )
    if d["warnings"]["open"]:
        suggestions.append(
            f"Menindaklanjuti {d['warnings']['open']} laporan deteksi dini yang masih terbuka."
        )
    return conclusions, suggestions


def _hotspot_suggestion(hotspots, months):
    """Name the area with the most conflicts only when it leads alone; otherwise say the tie.

    `hotspots` is the listed areas, most conflicts first (the list may be cut: a tie is counted
    among the listed rows, and said to be at least that many when it reaches the end).
    """
    top = hotspots[0]
    tied = [h for h in hotspots if h["n"] == top["n"]]
    together = "bersama tokoh agama, tokoh masyarakat dan Babinsa."
    if len(tied) == 1:
        return (
            f"Meningkatkan sambang dan deteksi dini di {top['area__name']} ({top['unit__name']}), "
            f"wilayah dengan konflik terbanyak dalam {months} bulan terakhir "
            f"({top['n']} kejadian), {together}"
        )
    names = ", ".join(f"{h['area__name']} ({h['unit__name']})" for h in tied[:3])
    count = f"{angka(len(tied))}" if len(tied) < len(hotspots) else f"sedikitnya {len(tied)}"
    rest = f" dan {len(tied) - 3} wilayah lainnya" if len(tied) > 3 else ""
    return (
        f"Meningkatkan sambang dan deteksi dini di wilayah rawan: {count} wilayah sama-sama "
        f"mencatat {top['n']} kejadian dalam {months} bulan terakhir ({names}{rest}), {together}"
    )


def _hours(value):
    value = Decimal(value)
    return angka(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
