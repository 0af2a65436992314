from django.urls import path

from recaps import views

app_name = "recaps"

urlpatterns = [
    path("rekap/", views.recap_index, name="index"),
    path("rekap/<slug:table>/", views.recap_table, name="table"),
    path("rekap/<slug:table>.xlsx", views.recap_xlsx, name="xlsx"),
]
