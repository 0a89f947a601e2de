"""Make a self-signed root and a signing certificate for sealing PDFs, for development
and demonstration. Production uses a certificate of its own (SIGNING_* settings)."""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.certificates import (
    SigningCertificateError,
    load_material,
    make_root,
    make_signing_certificate,
    signing_files,
    write_certificates,
    write_private_key,
)


class Command(BaseCommand):
    help = (
        "Make a self-signed root certificate and a signing certificate issued by it, for "
        "sealing PDFs in development and demonstrations, at the paths the SIGNING_* "
        "settings name. Does nothing when they exist, unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Make a new signing certificate even if one exists (under the same root, "
            "so PDFs sealed before still check as issued here).",
        )
        parser.add_argument(
            "--new-root",
            action="store_true",
            help="Replace the root as well. PDFs sealed before will no longer check as "
            "issued here.",
        )
        parser.add_argument("--organisation", default="Data-sharing agreements service")
        parser.add_argument(
            "--days", type=int, default=1095, help="Validity of the signing certificate."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = signing_files()
        exists = files.key.is_file() and files.certificate.is_file() and files.root.is_file()
        if exists and not (options["force"] or options["new_root"]):
            try:
                material = load_material(files)
            except SigningCertificateError as error:
                raise CommandError(f"{error} Use --force to make a new one.") from error
            self.stdout.write(
                f"A signing certificate exists at {files.certificate}, valid until "
                f"{material.certificate.not_valid_after_utc:%d %B %Y}; nothing changed."
            )
            return
        assert files.root_key is not None
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        organisation = options["organisation"]
        root_key, root = self._root(files.root, files.root_key, files.passphrase, options, host)
        if root_key is None:
            raise CommandError(
                f"The root certificate {files.root} has no key at {files.root_key} to issue a "
                "signing certificate with. Use --new-root to replace it."
            )
        key, certificate = make_signing_certificate(
            root_key=root_key,
            root=root,
            common_name=f"Document seal, {host}",
            organisation=organisation,
            days=options["days"],
        )
        write_private_key(files.key, key, passphrase=files.passphrase)
        write_certificates(files.certificate, certificate)
        self.stdout.write(
            self.style.SUCCESS(
                f"Made a signing certificate valid until "
                f"{certificate.not_valid_after_utc:%d %B %Y}: key {files.key}, certificate "
                f"{files.certificate}, root {files.root}."
            )
        )
        if not settings.DEBUG:
            self.stdout.write(
                "This certificate is self-signed, for demonstrations. A production service "
                "seals with a certificate from its organisation's certificate authority."
            )

    def _root(
        self, cert_path: Path, key_path: Path, passphrase: str, options: dict[str, Any], host: str
    ) -> tuple[ec.EllipticCurvePrivateKey | None, x509.Certificate]:
        if cert_path.is_file() and not options["new_root"]:
            root = x509.load_pem_x509_certificate(cert_path.read_bytes())
            if not key_path.is_file():
                return None, root
            key = serialization.load_pem_private_key(
                key_path.read_bytes(), password=passphrase.encode() or None
            )
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise CommandError(f"The root key {key_path} is not an elliptic-curve key.")
            return key, root
        key, root = make_root(
            common_name=f"Development root, {host}", organisation=options["organisation"]
        )
        write_private_key(key_path, key, passphrase=passphrase)
        write_certificates(cert_path, root)
        self.stdout.write(f"Made a new root certificate: {cert_path}.")
        return key, root
