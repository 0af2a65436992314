from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("impor/", views.batch_list, name="list"),
    path("impor/<int:pk>/", views.batch_detail, name="detail"),
    path("impor/<int:pk>/konfirmasi/", views.batch_confirm, name="confirm"),
    path("impor/<int:pk>/batal/", views.batch_cancel, name="cancel"),
    path("impor/<int:pk>/pemetaan/", views.batch_map, name="map"),
    path("impor/<int:pk>/galat.xlsx", views.batch_errors, name="errors"),
    path("kualitas-data/", views.data_quality, name="data-quality"),
]
