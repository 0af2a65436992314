from django.urls import path

from bhabin import views_schedule as views

urlpatterns = [
    path("jadwal/saya/", views.my_schedule, name="my-schedule"),
    path("jadwal/saya/kalender/baru/", views.feed_renew, name="calendar-feed-renew"),
    path("jadwal/saya/kalender/cabut/", views.feed_revoke, name="calendar-feed-revoke"),
    path("jadwal/entri/<int:pk>/ubah/", views.entry_edit, name="schedule-entry-edit"),
    path("jadwal/entri/<int:pk>/hapus/", views.entry_delete, name="schedule-entry-delete"),
    path("jadwal/<str:code>/", views.board, name="schedule-board"),
    path("jadwal/<str:code>/rencana/", views.plan, name="schedule-plan"),
    path("jadwal/<str:code>/tambah/", views.entry_add, name="schedule-entry-add"),
    path("kalender/<str:token>.ics", views.feed, name="calendar-feed"),
]
