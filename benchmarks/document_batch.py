"""Time a batch of documents issued and signed in the background; print the seconds.

    .venv/bin/python benchmarks/document_batch.py [--documents 100] [--api 2]

A temporary SQLite database (or DATABASE_URL if set): migrate, seed the demo, start the
BSrE eSign Client simulator on loopback (documents/signing/bsre_simulator.py, which
really signs: PAdES-B-LT with pyHanko) and set SATUPINTU_DOCUMENT_SIGNER=bsre. Untimed:
`--documents` online applications of MPP Banyumas taken to "in process". Timed: (1)
issuing, each application moved to "ready", which issues its PDF (number, QR, content)
waiting for a signature; (2) the signing officer's one act, `start_signing_batch` with
NIK and passphrase, the task run by the task backend until the batch reads finished,
each document one eSign call (`--api 1` multipart or `2` JSON). Goal (issue 20): 100
documents issued and signed in the background ≤ 60 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

NIK, PASSPHRASE = "3302011501800001", "benchmark-passphrase"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--api", type=int, default=2, choices=[1, 2])
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="batch-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/db.sqlite3")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["SATUPINTU_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from satupintu.accounts.models import Role, User
    from satupintu.applications import services
    from satupintu.demo.applications import _accept_all, _create
    from satupintu.demo.services import seed_demo
    from satupintu.documents.models import SigningBatch, SigningStatus
    from satupintu.documents.signatures import start_signing_batch
    from satupintu.documents.signing import bsre_simulator
    from satupintu.documents.signing.bsre import Credentials
    from satupintu.tenancy.models import Mpp

    seed_demo()
    sim = bsre_simulator.Simulator(users={NIK: PASSPHRASE}, client=("esign", "esign"))
    server, _ = bsre_simulator.serve(sim)
    settings.DOCUMENT_SIGNER = "bsre"
    settings.DOCUMENT_BSRE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.DOCUMENT_BSRE_USER = settings.DOCUMENT_BSRE_PASSWORD = "esign"
    settings.DOCUMENT_BSRE_API_VERSION = args.api
    mpp = Mpp.objects.get(slug="banyumas")
    officer = (
        User.objects.filter(role=Role.OFFICER, mpp=mpp, agency__code="DINDUKCAPIL")
        .order_by("pk")
        .first()
    )
    citizen = User.objects.filter(role=Role.CITIZEN).order_by("pk").first()
    assert officer is not None and citizen is not None
    apps = []
    for i in range(args.documents):
        app = _create(citizen, mpp, "A03", f"0812345{i:05d}", citizen.full_name, "3302011203880003")
        _accept_all(officer, app)
        services.verify_application(user=officer, application=app)
        apps.append(services.advance_application(user=officer, application=app))
    started = time.perf_counter()
    for app in apps:
        services.advance_application(user=officer, application=app)  # ready: issued
    issued = time.perf_counter()
    codes = [app.document.code for app in apps]
    batch = start_signing_batch(user=officer, codes=codes, credentials=Credentials(NIK, PASSPHRASE))
    while SigningBatch.objects.get(pk=batch.pk).state == SigningBatch.State.RUNNING:
        time.sleep(0.05)
    done = time.perf_counter()
    batch.refresh_from_db()
    from satupintu.documents.models import IssuedDocument

    signed = IssuedDocument.objects.filter(
        code__in=codes, signing_status=SigningStatus.SIGNED
    ).count()
    server.shutdown()
    print(
        f"{args.documents} documents (eSign API v{args.api}): issued in "
        f"{issued - started:.1f} s, signed in one batch in {done - issued:.1f} s "
        f"({signed} signed, batch {batch.state}, {sim.calls} sign calls): "
        f"total {done - started:.1f} s (goal ≤ 60 s)"
    )


if __name__ == "__main__":
    main()
