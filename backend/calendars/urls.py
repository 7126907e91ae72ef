from django.urls import path

from . import views

urlpatterns = [
    path("assets/<int:asset_id>.ics", views.asset_feed, name="calendar-asset-feed"),
    path("members/<int:member_id>.ics", views.member_feed, name="calendar-member-feed"),
]
