from django.urls import path

from bhabin import views

urlpatterns = [
    path("satuan/<str:code>/", views.unit_detail, name="unit-detail"),
    path("wilayah/", views.area_list, name="area-list"),
    path("wilayah/<int:pk>/", views.area_detail, name="area-detail"),
    path("kunjungan/", views.visit_list, name="visit-list"),
    path("kunjungan/<int:pk>/", views.visit_detail, name="visit-detail"),
]
