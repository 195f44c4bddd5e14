"""data stage: the package's own vocabularies, catalogs and compiled lists (files beside this module)."""
from pathlib import Path

DATA_DIR = Path(__file__).parent
