from satupintu.operations.pages import staff

app_name = "operations"
urlpatterns = [*staff.urlpatterns]

# coordination pack (issue 22, item 3)
from satupintu.operations.pages import coordination  # noqa: E402

urlpatterns += coordination.urlpatterns
