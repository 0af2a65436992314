from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("tugas/", views.job_list, name="list"),
    path("tugas/<uuid:pk>/", views.job_detail, name="detail"),
    path("tugas/<uuid:pk>/status/", views.job_status, name="status"),
    path("tugas/<uuid:pk>/unduh/", views.job_download, name="download"),
    path("tugas/<uuid:pk>/ulang/", views.job_retry, name="retry"),
]
