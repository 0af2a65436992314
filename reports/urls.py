from django.urls import path

from reports import views, views_exports

urlpatterns = [
    path("", views.home, name="home"),
    path("rekap/", views_exports.recap_index, name="recap-index"),
    path("rekap/<slug:table>/", views_exports.recap_table, name="recap-table"),
    path("rekap/<slug:table>.xlsx", views_exports.recap_xlsx, name="recap-xlsx"),
    path("ekspor/<slug:name>.xlsx", views_exports.export_list, name="export-list"),
]
