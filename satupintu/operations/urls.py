from satupintu.operations.pages import staff

app_name = "operations"
urlpatterns = [*staff.urlpatterns]

# --- across MPPs and open data (issue 22, item 5) ---
from satupintu.operations.pages import opendata, regional  # noqa: E402

urlpatterns += [*regional.urlpatterns, *opendata.urlpatterns]
