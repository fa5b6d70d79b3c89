from rest_framework.routers import SimpleRouter

from .views import NationalRegionViewSet

router = SimpleRouter()
router.register("regions", NationalRegionViewSet, basename="national-region")

urlpatterns = router.urls
