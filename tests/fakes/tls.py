"""A throw-away certificate for 127.0.0.1, for tests and benchmarks that serve HTTPS locally."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from requests.utils import DEFAULT_CA_BUNDLE_PATH


def local_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) PEM files in ``folder``, valid for 127.0.0.1 for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def deployment_bundle(folder: Path, cert: Path) -> Path:
    """A CA bundle the size a deployment trusts (certifi's roots, as requests ships them) that
    also trusts ``cert``: what loading the trust store costs shows, as it does in production."""
    bundle = folder / "bundle.pem"
    bundle.write_text(Path(DEFAULT_CA_BUNDLE_PATH).read_text() + cert.read_text())
    return bundle
