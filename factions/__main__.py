"""`python -m factions ...` runs the CLI."""
from factions.serve.cli import main

main()
