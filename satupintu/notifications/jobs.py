import datetime as dt

from satupintu.core.jobs import periodic
from satupintu.notifications.services import retry_failed


@periodic("notifications.retry_failed", every=dt.timedelta(minutes=10))
def retry_failed_messages(now: dt.datetime) -> None:
    retry_failed()
