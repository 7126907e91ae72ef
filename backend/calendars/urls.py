from django.urls import path

from . import views

urlpatterns = [
    path("assets/<id:asset_id>.ics", views.asset_feed, name="calendar-asset-feed"),
    path("members/<id:member_id>.ics", views.member_feed, name="calendar-member-feed"),
]
