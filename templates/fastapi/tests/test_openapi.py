"""The committed openapi.yaml describes exactly the generated API the app serves
(the endpoints of app/custom are yours, and it does not describe them)."""

from pathlib import Path

import yaml

from app.main import create_app

OPENAPI_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_openapi_yaml_matches_the_app() -> None:
    with OPENAPI_FILE.open(encoding="utf-8") as fh:
        committed = yaml.safe_load(fh)
    served = create_app(with_custom_routers=False).openapi()
    assert committed["paths"] == served["paths"]
    assert committed["components"] == served["components"]
    assert committed == served
