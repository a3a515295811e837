"""The committed openapi.yaml describes exactly the API the app serves."""

from pathlib import Path

import yaml

from main import app

OPENAPI_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_openapi_yaml_matches_the_app() -> None:
    with OPENAPI_FILE.open(encoding="utf-8") as fh:
        committed = yaml.safe_load(fh)
    served = app.openapi()
    assert committed["paths"] == served["paths"]
    assert committed["components"] == served["components"]
    assert committed == served
