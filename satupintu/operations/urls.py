from satupintu.operations.pages import staff

app_name = "operations"
urlpatterns = [*staff.urlpatterns]

# --- the live floor view (issue 22, item 2)
from satupintu.operations.pages import floor as floor_pages  # noqa: E402

urlpatterns += floor_pages.urlpatterns
