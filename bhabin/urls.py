from django.urls import path, register_converter

from bhabin import views, views_field


class FieldKindConverter:
    """The kinds of field report, by their Indonesian path segment."""

    regex = "kunjungan|deteksi-dini|kasus"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FieldKindConverter, "fieldkind")

urlpatterns = [
    path("satuan/<str:code>/", views.unit_detail, name="unit-detail"),
    path("wilayah/", views.area_list, name="area-list"),
    path("wilayah/<int:pk>/", views.area_detail, name="area-detail"),
    path("kunjungan/", views.visit_list, name="visit-list"),
    path("kunjungan/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("kunjungan/<int:pk>/foto/", views_field.visit_photo, name="visit-photo"),
    path("<fieldkind:kind>/baru/", views_field.report_create, name="report-create"),
    path("<fieldkind:kind>/<int:pk>/ubah/", views_field.report_correct, name="report-correct"),
    path(
        "deteksi-dini/<int:pk>/",
        views_field.report_detail,
        {"kind": "deteksi-dini"},
        name="early-warning-detail",
    ),
    path(
        "kasus/<int:pk>/", views_field.report_detail, {"kind": "kasus"}, name="problem-case-detail"
    ),
    path("tinjauan/", views_field.review_inbox, name="review-inbox"),
    path("tinjauan/<fieldkind:kind>/<int:pk>/", views_field.review_item, name="review-item"),
]
