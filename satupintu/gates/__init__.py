"""Quality gates: tests that discover what to check by themselves (the OpenAPI document,
the URL configuration, the message catalogs) so new endpoints and pages are covered
the day they land. Each gate records one summary line through `report.record`."""
