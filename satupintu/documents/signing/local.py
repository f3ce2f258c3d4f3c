"""The local provider: the MPP's own certificate chain, made by
`satupintu setup_document_signing <mpp>` and kept as PEM/DER files under
DATA_DIR/signing/<mpp>/: a root CA, a document-signing certificate, a time-stamping
authority (TSA) certificate, both issued by the CA, and the CA's CRL.

Signatures are PAdES-BASELINE-LT (ETSI EN 319 142-1 §6.3, levels B-B → B-T → B-LT):
ETSI.CAdES.detached with the signing-certificate attribute (B-B), an RFC 3161 signature
timestamp from the MPP's TSA (B-T), and the chain and the CA's CRL in the document
security store (B-LT, "where revocation data is at hand": the CRL is the MPP's own).

The TSA answers over HTTP when SATUPINTU_DOCUMENT_TSA_URL is set (the loopback server of
`satupintu serve_document_trust_services`, signing/trust_services.py); without it the same
TSA key stamps in-process through pyHanko's DummyTimeStamper. Either way the token is a
real RFC 3161 TimeStampToken signed by the MPP's TSA certificate.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from satupintu.documents.signing.base import DocumentSigner, off_the_loop

CA_CERT, SIGNER_KEY, SIGNER_CERT = "ca.pem", "signer.key", "signer.pem"
CA_KEY, TSA_KEY, TSA_CERT, CRL = "ca.key", "tsa.key", "tsa.pem", "ca.crl"
RESERVED = 24 * 1024  # the signature's room: CMS, chain, RFC 3161 token (about 6 KiB used)
CRL_DAYS = 7  # the CA's CRL is reissued when less than a day of it is left


def folder(mpp_slug: str) -> Path:
    return Path(settings.DATA_DIR) / "signing" / mpp_slug


def is_set_up(mpp_slug: str) -> bool:
    return all((folder(mpp_slug) / name).exists() for name in (CA_CERT, SIGNER_KEY, SIGNER_CERT))


def has_timestamps(mpp_slug: str) -> bool:
    """The chain has a TSA and a CA key for its CRL (chains made before B-T have not)."""
    return all((folder(mpp_slug) / name).exists() for name in (CA_KEY, TSA_KEY, TSA_CERT))


def crl_url(mpp_slug: str) -> str:
    """Where the CA's CRL is published (the signing certificate names it)."""
    base = getattr(settings, "DOCUMENT_TRUST_URL", "") or "http://127.0.0.1:8771"
    return f"{base.rstrip('/')}/crl/{mpp_slug}.crl"


def create_chain(*, mpp_slug: str, mpp_name: str, years: int = 5) -> Path:
    """A root CA for the MPP and a signing certificate it issues (EC P-256)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    from cryptography.hazmat.primitives.asymmetric import rsa

    ca_key, signer_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's TSA

    def name(common: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, mpp_name[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, common[:64]),
            ]
        )

    ca_name = name(f"{mpp_name} Root CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * (years + 1)))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    signer_cert = (
        x509.CertificateBuilder()
        .subject_name(name(f"{mpp_name} Penerbit Dokumen"))
        .issuer_name(ca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(_crl_points(mpp_slug), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    tsa_cert = (  # RFC 3161 §2.3: the only extended key usage, critical
        x509.CertificateBuilder()
        .subject_name(name(f"{mpp_name} TSA"))
        .issuer_name(ca_name)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(_crl_points(mpp_slug), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    target = folder(mpp_slug)
    target.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    (target / CA_CERT).write_bytes(ca_cert.public_bytes(pem))
    (target / SIGNER_CERT).write_bytes(signer_cert.public_bytes(pem))
    (target / TSA_CERT).write_bytes(tsa_cert.public_bytes(pem))
    for file_name, key in ((SIGNER_KEY, signer_key), (CA_KEY, ca_key), (TSA_KEY, tsa_key)):
        key_file = target / file_name
        key_file.write_bytes(
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        key_file.chmod(0o600)
    issue_crl(mpp_slug, now=now)
    return target


def _crl_points(mpp_slug: str):
    from cryptography import x509

    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(crl_url(mpp_slug))],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return x509.CRLDistributionPoints([point])


def issue_crl(mpp_slug: str, *, now: dt.datetime | None = None) -> bytes:
    """The CA's CRL (DER), valid CRL_DAYS; nothing is revoked by the MPP's own CA yet."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    now = now or dt.datetime.now(dt.UTC)
    base = folder(mpp_slug)
    ca_cert = x509.load_pem_x509_certificate((base / CA_CERT).read_bytes())
    ca_key = serialization.load_pem_private_key((base / CA_KEY).read_bytes(), password=None)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    data = crl.public_bytes(serialization.Encoding.DER)
    tmp = base / f".{CRL}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_bytes(data)
    os.replace(tmp, base / CRL)  # readers see the old CRL or the new one, never half
    return data


def current_crl(mpp_slug: str) -> bytes:
    """The CA's CRL, reissued when less than a day of its validity is left."""
    from cryptography import x509

    path = folder(mpp_slug) / CRL
    if path.exists():
        data = path.read_bytes()
        next_update = x509.load_der_x509_crl(data).next_update_utc
        if next_update and next_update > dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
            return data
    return issue_crl(mpp_slug)


def timestamper(mpp_slug: str, *, in_process: bool = False):
    """The MPP's TSA: over HTTP when SATUPINTU_DOCUMENT_TSA_URL is set, else in-process."""
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    url = getattr(settings, "DOCUMENT_TSA_URL", "")
    if url and not in_process:
        return RequestsHTTPTimeStamper(f"{url.rstrip('/')}/tsa/{mpp_slug}", timeout=10)
    return _loaded(folder(mpp_slug))[1]


@functools.lru_cache(maxsize=64)
def _loaded_at(path: Path, stamp: float):
    """The signer and the TSA of one chain folder, keys parsed once (an RSA key takes
    tens of milliseconds to load and check); a chain replaced on disk is read again."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.keys import load_private_key_from_pemder
    from pyhanko.sign import general, signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    signer = signers.SimpleSigner.load(
        str(path / SIGNER_KEY), str(path / SIGNER_CERT), ca_chain_files=(str(path / CA_CERT),)
    )
    stamper = None
    if (path / TSA_KEY).exists():
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

        tsa_key = serialization.load_pem_private_key((path / TSA_KEY).read_bytes(), None)
        if not isinstance(tsa_key, RSAPrivateKey):  # pyHanko's TSA signs PKCS#1 v1.5
            raise RuntimeError("the MPP's TSA key is not RSA")
        rsa_key: RSAPrivateKey = tsa_key

        class MppTimeStamper(DummyTimeStamper):
            """pyHanko's own TSA, with the MPP's RSA key parsed once."""

            def _sign_tst_info(self, tst_info_data, md_algorithm, dt):
                from asn1crypto import cms, core

                digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
                digest.update(tst_info_data)
                attrs = cms.CMSAttributes(
                    [
                        general.simple_cms_attribute("content_type", "tst_info"),
                        general.simple_cms_attribute(
                            "signing_time", cms.Time({"utc_time": core.UTCTime(dt)})
                        ),
                        general.simple_cms_attribute(
                            "signing_certificate", general.as_signing_certificate(self.tsa_cert)
                        ),
                        general.simple_cms_attribute("message_digest", digest.finalize()),
                    ]
                )
                signature = rsa_key.sign(
                    attrs.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm.upper())
                )
                return signature, attrs

        stamper = MppTimeStamper(
            tsa_cert=_load_cert(path / TSA_CERT),
            tsa_key=load_private_key_from_pemder(str(path / TSA_KEY), passphrase=None),
        )
    return signer, stamper


def _loaded(path: Path):
    return _loaded_at(path, max((path / n).stat().st_mtime for n in (SIGNER_KEY, CA_CERT)))


def _usage(**chosen: bool):
    from cryptography import x509

    flags = [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ]
    return x509.KeyUsage(**{flag: chosen.get(flag, False) for flag in flags})


def _load_cert(path: Path):
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


class LocalSigner(DocumentSigner):
    name = "local"

    def __init__(self, mpp_slug: str) -> None:
        self.slug = mpp_slug
        self.folder = folder(mpp_slug)

    def trust_roots(self) -> list:
        return [_load_cert(self.folder / CA_CERT)]

    def sign(self, data: bytes, *, reason: str, location: str, credentials: Any = None) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter
        from pyhanko_certvalidator import ValidationContext

        signer = _loaded(self.folder)[0]
        if signer is None:
            raise RuntimeError("the MPP's signing key could not be loaded")
        stamper, context = None, None
        if has_timestamps(self.slug):
            stamper = timestamper(self.slug)
            context = ValidationContext(
                trust_roots=self.trust_roots(),
                other_certs=[_load_cert(self.folder / TSA_CERT)],
                crls=[current_crl(self.slug)],
                allow_fetching=False,
            )
        meta = signers.PdfSignatureMetadata(
            field_name="Penerbit",
            reason=reason,
            location=location,
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=context is not None,  # B-LT: chain + CRL in the DSS
            validation_context=context,
            use_pades_lta=False,
        )
        out = io.BytesIO()
        off_the_loop(
            lambda: signers.sign_pdf(
                IncrementalPdfFileWriter(io.BytesIO(data)),
                meta,
                signer=signer,
                timestamper=stamper,
                output=out,
                bytes_reserved=RESERVED,  # no trial signature (and timestamp) to size it
            )
        )
        return out.getvalue()
