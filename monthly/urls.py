from django.urls import path

from monthly import views, views_approval

app_name = "monthly"

urlpatterns = [
    path("laporan/", views.monthly_index, name="index"),
    path("laporan/tugas/", views.monthly_report_job, name="job"),
    path("laporan/<str:code>/<str:period>.pdf", views.monthly_report_pdf, name="pdf"),
    path("persetujuan/", views_approval.approvals, name="approvals"),
    path(
        "persetujuan/<str:code>/<str:period>/",
        views_approval.approval_step,
        name="approval-step",
    ),
    path("verifikasi/<str:code>/", views_approval.verify, name="verify"),
]
