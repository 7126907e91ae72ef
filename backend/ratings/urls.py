from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("ratings", api.RatingViewSet, basename="rating")

urlpatterns = router.urls
