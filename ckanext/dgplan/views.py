"""Pages of the dgplan blueprint."""
from __future__ import annotations

from flask import Blueprint

dgplan = Blueprint("dgplan", __name__)
