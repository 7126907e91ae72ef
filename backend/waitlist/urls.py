from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("waitlist", api.WaitlistViewSet, basename="waitlist")

urlpatterns = router.urls
