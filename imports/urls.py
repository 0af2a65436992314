from django.urls import path

from imports import views

urlpatterns = [
    path("impor/", views.batch_list, name="import-list"),
    path("impor/<int:pk>/", views.batch_detail, name="import-detail"),
    path("impor/<int:pk>/konfirmasi/", views.batch_confirm, name="import-confirm"),
    path("impor/<int:pk>/batal/", views.batch_cancel, name="import-cancel"),
    path("kualitas-data/", views.data_quality, name="data-quality"),
]
