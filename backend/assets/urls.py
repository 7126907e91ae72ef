from rest_framework.routers import SimpleRouter

from . import api, qualification_api

router = SimpleRouter()
router.register("asset-groups", api.AssetGroupViewSet, basename="asset-group")
router.register("assets", api.AssetViewSet, basename="asset")
router.register("blackouts", api.BlackoutViewSet, basename="blackout")
router.register("qualifications", qualification_api.QualificationViewSet, basename="qualification")
urlpatterns = router.urls
