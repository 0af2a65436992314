from django.urls import path

from conflicts import views

urlpatterns = [
    path("konflik/", views.incident_list, name="incident-list"),
    path("konflik/<int:pk>/", views.incident_detail, name="incident-detail"),
]
