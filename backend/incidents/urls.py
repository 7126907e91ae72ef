from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("incidents", api.IncidentViewSet, basename="incident")

urlpatterns = router.urls
