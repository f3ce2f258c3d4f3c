"""The satisfaction pages: rating tablet, SKM questionnaire, public results, supervisor
pages. One module per page family; each ends with its `urlpatterns`."""
