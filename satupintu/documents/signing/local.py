"""The local provider: the MPP's own certificate chain (a root CA and a signing
certificate under it, made by `satupintu setup_document_signing <mpp>`), kept as PEM files
under DATA_DIR/signing/<mpp>/. Signatures are PAdES-BASELINE-B (ETSI.CAdES.detached,
signing certificate attribute, no timestamp): B-T needs an RFC 3161 timestamp server
and B-LT revocation data, both still to come.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.conf import settings

from satupintu.documents.signing.base import DocumentSigner

CA_CERT, SIGNER_KEY, SIGNER_CERT = "ca.pem", "signer.key", "signer.pem"


def folder(mpp_slug: str) -> Path:
    return Path(settings.DATA_DIR) / "signing" / mpp_slug


def is_set_up(mpp_slug: str) -> bool:
    return all((folder(mpp_slug) / name).exists() for name in (CA_CERT, SIGNER_KEY, SIGNER_CERT))


def create_chain(*, mpp_slug: str, mpp_name: str, years: int = 5) -> Path:
    """A root CA for the MPP and a signing certificate it issues (EC P-256)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key, signer_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )

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
        .sign(ca_key, hashes.SHA256())
    )
    target = folder(mpp_slug)
    target.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    (target / CA_CERT).write_bytes(ca_cert.public_bytes(pem))
    (target / SIGNER_CERT).write_bytes(signer_cert.public_bytes(pem))
    key_file = target / SIGNER_KEY
    key_file.write_bytes(
        signer_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    return target


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
        self.folder = folder(mpp_slug)

    def trust_roots(self) -> list:
        return [_load_cert(self.folder / CA_CERT)]

    def sign(self, data: bytes, *, reason: str, location: str) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter

        signer = signers.SimpleSigner.load(
            str(self.folder / SIGNER_KEY),
            str(self.folder / SIGNER_CERT),
            ca_chain_files=(str(self.folder / CA_CERT),),
        )
        if signer is None:
            raise RuntimeError("the MPP's signing key could not be loaded")
        meta = signers.PdfSignatureMetadata(
            field_name="Penerbit",
            reason=reason,
            location=location,
            subfilter=SigSeedSubFilter.PADES,
            use_pades_lta=False,
        )
        out = io.BytesIO()
        signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer, output=out
        )
        return out.getvalue()
