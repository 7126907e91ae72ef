from django.urls import path

from . import api, satisfaction_api

urlpatterns = [
    path("insights/utilisation/", api.UtilisationView.as_view(), name="insights-utilisation"),
    path("insights/members/", api.MembersView.as_view(), name="insights-members"),
    path("insights/satisfaction/", satisfaction_api.SatisfactionView.as_view(), name="insights-satisfaction"),
    path("insights/fair-shares/", api.FairShareListView.as_view(), name="insights-fair-shares"),
    path("insights/standalone-rates/", api.StandaloneRateListView.as_view(), name="insights-standalone-rates"),
]
