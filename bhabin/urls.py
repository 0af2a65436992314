from django.urls import path, register_converter

from bhabin.views import areas, field_reports, officers, offline, report_lists, review, schedules

app_name = "bhabin"


class FieldKindConverter:
    """The kinds of field report, by their Indonesian path segment."""

    regex = "kunjungan|deteksi-dini|kasus"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FieldKindConverter, "fieldkind")

urlpatterns = [
    # Units, areas and visits
    path("satuan/<str:code>/", areas.unit_detail, name="unit-detail"),
    path("wilayah/", areas.area_list, name="area-list"),
    path("wilayah/ekspor.xlsx", areas.area_export, name="area-export"),
    path("personel/", officers.officer_list, name="officer-list"),
    path("personel/ekspor.xlsx", officers.officer_export, name="officer-export"),
    path("kunjungan/", areas.visit_list, name="visit-list"),
    path("kunjungan/ekspor.xlsx", areas.visit_export, name="visit-export"),
    path("kunjungan/<int:pk>/", areas.visit_detail, name="visit-detail"),
    path("kunjungan/<int:pk>/foto/", field_reports.visit_photo, name="visit-photo"),
    # Field reports and their review
    path("<fieldkind:kind>/baru/", field_reports.report_create, name="report-create"),
    path("<fieldkind:kind>/<int:pk>/ubah/", field_reports.report_correct, name="report-correct"),
    # The rows behind the dashboard's open counts
    path(
        "deteksi-dini/",
        report_lists.field_report_list,
        {"kind": "deteksi-dini"},
        name="early-warning-list",
    ),
    path("kasus/", report_lists.field_report_list, {"kind": "kasus"}, name="problem-case-list"),
    path(
        "deteksi-dini/<int:pk>/",
        field_reports.report_detail,
        {"kind": "deteksi-dini"},
        name="early-warning-detail",
    ),
    path(
        "kasus/<int:pk>/",
        field_reports.report_detail,
        {"kind": "kasus"},
        name="problem-case-detail",
    ),
    # The officer's phone app: the service worker (from the root, so that its scope is every
    # page), the page shown offline, the reports kept on the phone and the token they are sent with
    path("sw.js", offline.service_worker, name="service-worker"),
    path("luring/", offline.offline, name="offline"),
    path("kotak-keluar/", offline.outbox, name="outbox"),
    path("kotak-keluar/token/", offline.outbox_token, name="outbox-token"),
    path("tinjauan/", review.review_inbox, name="review-inbox"),
    path("tinjauan/terima/", review.review_accept, name="review-accept"),
    path("tinjauan/<fieldkind:kind>/<int:pk>/", review.review_item, name="review-item"),
    # Schedules
    path("jadwal-kunjungan/", report_lists.schedule_list, name="schedule-list"),
    path("jadwal/saya/", schedules.my_schedule, name="my-schedule"),
    path("jadwal/saya/kalender/baru/", schedules.feed_renew, name="calendar-feed-renew"),
    path("jadwal/saya/kalender/cabut/", schedules.feed_revoke, name="calendar-feed-revoke"),
    path("jadwal/entri/<int:pk>/ubah/", schedules.entry_edit, name="schedule-entry-edit"),
    path("jadwal/entri/<int:pk>/hapus/", schedules.entry_delete, name="schedule-entry-delete"),
    path("jadwal/<str:code>/", schedules.board, name="schedule-board"),
    path("jadwal/<str:code>/rencana/", schedules.plan, name="schedule-plan"),
    path("jadwal/<str:code>/tambah/", schedules.entry_add, name="schedule-entry-add"),
    path("kalender/<str:token>.ics", schedules.feed, name="calendar-feed"),
]
