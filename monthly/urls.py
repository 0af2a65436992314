from django.urls import path

from monthly import views

app_name = "monthly"

urlpatterns = [
    path("laporan/", views.monthly_index, name="index"),
    path("laporan/tugas/", views.monthly_report_job, name="job"),
    path("laporan/<str:code>/<str:period>.pdf", views.monthly_report_pdf, name="pdf"),
]
