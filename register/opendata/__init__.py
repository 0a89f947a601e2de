"""The register's open data: stable field names, documented on the register's own page.
Fields are only ever added, never renamed or removed."""

from .agreements import AGREEMENT_FIELD_DOCS, AGREEMENT_FIELDS, agreement_csv_row, agreement_record
from .cells import csv_cell
from .gateways import GATEWAY_FIELD_DOCS, GATEWAY_FIELDS, gateway_record

__all__ = [
    "AGREEMENT_FIELDS",
    "AGREEMENT_FIELD_DOCS",
    "GATEWAY_FIELDS",
    "GATEWAY_FIELD_DOCS",
    "agreement_csv_row",
    "agreement_record",
    "csv_cell",
    "gateway_record",
]
