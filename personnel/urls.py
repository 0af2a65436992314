from django.urls import path

from personnel import views

urlpatterns = [
    path("personel/", views.officer_list, name="officer-list"),
    path("personel/<int:pk>/", views.officer_detail, name="officer-detail"),
]
