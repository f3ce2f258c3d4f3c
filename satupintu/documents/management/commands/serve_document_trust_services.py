"""`satupintu serve_document_trust_services [--port 8771]`: the MPPs' local time-stamping
authorities and CRLs on 127.0.0.1 (documents/signing/trust_services.py). Point
SATUPINTU_DOCUMENT_TSA_URL at it (http://127.0.0.1:8771) and documents are timestamped
over RFC 3161 HTTP, as with a public TSA."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from satupintu.documents.signing import trust_services


class Command(BaseCommand):
    help = "Serve the MPPs' local TSA (RFC 3161) and CRLs on 127.0.0.1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8771)

    def handle(self, *args, port: int, **options) -> None:
        server, thread = trust_services.serve(port, quiet=False)
        self.stdout.write(f"TSA: http://127.0.0.1:{port}/tsa/<mpp>  CRL: /crl/<mpp>.crl")
        try:
            thread.join()
        except KeyboardInterrupt:
            server.shutdown()
