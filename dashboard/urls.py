from django.urls import path
from django.views.generic import RedirectView

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("dasbor/", views.overview, name="overview"),
    path("dasbor/tanpa-bhabin/", views.unstaffed_list, name="unstaffed"),
    path("dasbor/satuan/<str:code>/", views.unit_dashboard, name="unit"),
    # One page per area and per officer, for everyone who may see them.
    path("wilayah/<int:pk>/", views.area_page, name="area"),
    path("personel/<int:pk>/", views.officer_page, name="officer"),
    # Where those pages were before they became one: old links keep working.
    path(
        "dasbor/wilayah/<int:pk>/",
        RedirectView.as_view(pattern_name="area", query_string=True, permanent=True),
    ),
    path(
        "dasbor/personel/<int:pk>/",
        RedirectView.as_view(pattern_name="officer", query_string=True, permanent=True),
    ),
]
