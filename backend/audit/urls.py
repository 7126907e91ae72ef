from django.urls import path

from . import api

urlpatterns = [path("changes/", api.ChangeList.as_view(), name="change-list")]
