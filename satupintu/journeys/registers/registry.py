"""Which registers answer the officers' checks (settings):

- SATUPINTU_POPULATION_REGISTER: "simulator" (default; simulator.py, in process) or
  "dukcapil" (HTTP to SATUPINTU_DUKCAPIL_URL with _USER and _PASSWORD);
- SATUPINTU_BUSINESS_REGISTER: "simulator" (default) or "oss" (HTTP to SATUPINTU_OSS_URL
  with the header `user_key: SATUPINTU_OSS_USER_KEY`).
"""

from __future__ import annotations

from django.conf import settings

from satupintu.journeys.registers import simulator
from satupintu.journeys.registers.base import BusinessRegister, PopulationRegister
from satupintu.journeys.registers.dukcapil import DukcapilRegister
from satupintu.journeys.registers.http import http_transport
from satupintu.journeys.registers.oss import OssRegister


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, default) or default)


def population_register() -> PopulationRegister:
    timeout = float(_setting("REGISTER_TIMEOUT", "10"))
    if _setting("POPULATION_REGISTER", "simulator") == DukcapilRegister.name:
        transport = http_transport(_setting("DUKCAPIL_URL"), headers={}, timeout=timeout)
        return DukcapilRegister(
            transport, user=_setting("DUKCAPIL_USER"), password=_setting("DUKCAPIL_PASSWORD")
        )
    return DukcapilRegister(simulator.local_transport("/dukcapil"))


def business_register() -> BusinessRegister:
    timeout = float(_setting("REGISTER_TIMEOUT", "10"))
    if _setting("BUSINESS_REGISTER", "simulator") == OssRegister.name:
        headers = {"user_key": _setting("OSS_USER_KEY")}
        return OssRegister(http_transport(_setting("OSS_URL"), headers=headers, timeout=timeout))
    return OssRegister(simulator.local_transport("/oss"))
