from django.urls import path

from motul import views

app_name = "motul"

urlpatterns = [
    path("motul/", views.motul_list, name="list"),
    path("motul/<int:pk>/", views.motul_edit, name="edit"),
    path("motul/<int:pk>.pdf", views.motul_pdf, name="pdf"),
]
