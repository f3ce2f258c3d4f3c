"""`satupintu serve_registers_simulator [--port 8773]`: the local simulator of the Dukcapil-
style NIK verification and the OSS-style NIB inquiry on 127.0.0.1 (journeys/registers/
simulator.py). With SATUPINTU_POPULATION_REGISTER=dukcapil,
SATUPINTU_DUKCAPIL_URL=http://127.0.0.1:8773/dukcapil, SATUPINTU_BUSINESS_REGISTER=oss and
SATUPINTU_OSS_URL=http://127.0.0.1:8773/oss the officers' checks go over HTTP to it."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from satupintu.journeys.registers import simulator


class Command(BaseCommand):
    help = "Serve a local simulator of the Dukcapil and OSS checks on 127.0.0.1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8773)

    def handle(self, *args, port: int, **options) -> None:
        server, thread = simulator.serve(port)
        self.stdout.write(
            f"Registers simulator on http://127.0.0.1:{port} (/dukcapil/verify, /oss/inqueryNIB)"
        )
        try:
            thread.join()
        except KeyboardInterrupt:
            server.shutdown()
