"""The one place for file locations (never the working directory)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
GEODATA_DIR = ROOT / "geodata"
STATIC_DIR = ROOT / "static"
# Schemas describe the files; they stay with the code even when the data is elsewhere.
DATAPACKAGE = DATA_DIR / "datapackage.json"
GEODATA_META = GEODATA_DIR / "metadata.json"


def data_dir() -> Path:
    """Folder of the CSV tables; ``CORRIDOR_DATA_DIR`` points tests at fixtures."""
    return Path(os.environ.get("CORRIDOR_DATA_DIR", DATA_DIR))


def geodata_dir() -> Path:
    """Folder of the GeoJSON layers; ``CORRIDOR_GEODATA_DIR`` points tests at fixtures."""
    return Path(os.environ.get("CORRIDOR_GEODATA_DIR", GEODATA_DIR))
