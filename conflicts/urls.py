from django.urls import path

from conflicts import views

app_name = "conflicts"

urlpatterns = [
    path("konflik/", views.incident_list, name="incident-list"),
    path("konflik/ekspor.xlsx", views.incident_export, name="incident-export"),
    path("konflik/<int:pk>/", views.incident_detail, name="incident-detail"),
]
