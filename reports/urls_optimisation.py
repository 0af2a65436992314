from django.urls import path

from reports import views_optimisation as views

urlpatterns = [
    path("optimasi/<slug:code>.pdf", views.overview_pdf, name="optimisation-pdf"),
    path("optimasi/<slug:code>/", views.overview, name="optimisation"),
    path("optimasi/<slug:code>/risiko/", views.risk_list, name="optimisation-risk"),
    path(
        "optimasi/<slug:code>/risiko/<int:area_id>/",
        views.risk_detail,
        name="optimisation-risk-area",
    ),
]
