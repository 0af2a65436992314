from django.urls import path

from optimisation import views

app_name = "optimisation"

urlpatterns = [
    path("optimasi/<slug:code>.pdf", views.overview_pdf, name="pdf"),
    path("optimasi/<slug:code>/", views.overview, name="overview"),
    path("optimasi/<slug:code>/tugas/", views.overview_job, name="job"),
    path("optimasi/<slug:code>/risiko/", views.risk_list, name="risk"),
    path("optimasi/<slug:code>/risiko/<int:area_id>/", views.risk_detail, name="risk-area"),
]
