from django.urls import path

from reports import views, views_dashboard, views_exports, views_pdf

urlpatterns = [
    path("", views.home, name="home"),
    path("rekap/", views_exports.recap_index, name="recap-index"),
    path("rekap/<slug:table>/", views_exports.recap_table, name="recap-table"),
    path("rekap/<slug:table>.xlsx", views_exports.recap_xlsx, name="recap-xlsx"),
    path("ekspor/<slug:name>.xlsx", views_exports.export_list, name="export-list"),
]

urlpatterns += [
    path("dasbor/", views_dashboard.overview, name="dashboard"),
    path("dasbor/tanpa-bhabin/", views_dashboard.unstaffed_list, name="dashboard-unstaffed"),
    path("dasbor/satuan/<str:code>/", views_dashboard.unit_dashboard, name="dashboard-unit"),
    path("dasbor/wilayah/<int:pk>/", views_dashboard.area_dashboard, name="dashboard-area"),
    path("dasbor/personel/<int:pk>/", views_dashboard.officer_dashboard, name="dashboard-officer"),
]

urlpatterns += [
    path("laporan/", views_pdf.monthly_index, name="monthly-report-index"),
    path(
        "laporan/<str:code>/<str:period>.pdf",
        views_pdf.monthly_report_pdf,
        name="monthly-report-pdf",
    ),
    path("motul/", views_pdf.motul_list, name="motul-list"),
    path("motul/<int:pk>/", views_pdf.motul_edit, name="motul-edit"),
    path("motul/<int:pk>.pdf", views_pdf.motul_pdf, name="motul-pdf"),
]
