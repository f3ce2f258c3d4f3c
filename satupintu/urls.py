from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from satupintu.accounts.api import router as accounts_router
from satupintu.applications.api import router as applications_router
from satupintu.appointments.api import router as appointments_router
from satupintu.catalog.api import router as catalog_router
from satupintu.complaints.api import router as complaints_router
from satupintu.core.api import api
from satupintu.core.views import healthz
from satupintu.delivery.api import router as delivery_router
from satupintu.documents.api import router as documents_router
from satupintu.journeys.api import router as journeys_router
from satupintu.knowledge.api import router as knowledge_router
from satupintu.notifications.api import router as notifications_router
from satupintu.operations.api import router as operations_router
from satupintu.payments.api import router as payments_router
from satupintu.queueing.api import router as queueing_router
from satupintu.reading.api import router as reading_router
from satupintu.satisfaction.api import router as satisfaction_router
from satupintu.tenancy.api import router as tenancy_router
from satupintu.web.api import router as sign_in_router

for router in (
    tenancy_router,
    accounts_router,
    sign_in_router,
    catalog_router,
    queueing_router,
    appointments_router,
    applications_router,
    notifications_router,
    satisfaction_router,
    complaints_router,
    documents_router,
    payments_router,
    knowledge_router,
    journeys_router,
    operations_router,
    reading_router,
    delivery_router,
):
    api.add_router("/", router)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("satupintu.catalog.urls")),
    path("", include("satupintu.catalog.search.urls")),
    path("", include("satupintu.catalog.staff_urls")),
    path("", include("satupintu.queueing.urls")),
    path("", include("satupintu.appointments.urls")),
    path("", include("satupintu.applications.urls")),
    path("", include("satupintu.reading.urls")),
    path("", include("satupintu.notifications.urls")),
    path("", include("satupintu.satisfaction.urls")),
    path("", include("satupintu.complaints.urls")),
    path("", include("satupintu.documents.urls")),
    path("", include("satupintu.payments.urls")),
    path("", include("satupintu.delivery.urls")),
    path("", include("satupintu.knowledge.urls")),
    path("", include("satupintu.journeys.urls")),
    path("", include("satupintu.operations.urls")),
    path("", include("satupintu.web.urls")),
]

if settings.BENCHMARK_ENDPOINTS:  # benchmarks/http_load.py only
    urlpatterns.insert(0, path("", include("satupintu.simulator.bench")))

handler404 = "satupintu.web.views.page_not_found"
handler500 = "satupintu.web.views.server_error"
handler403 = "satupintu.web.views.permission_denied"
