from django.urls import path

from . import api

urlpatterns = [
    path("me/calendar-token/", api.CalendarTokenView.as_view(), name="me-calendar-token"),
]
