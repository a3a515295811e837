"""ASGI entry point: ``uvicorn main:app``.

The settings are read before the rest of the app is loaded, so a setting the
app cannot run with (a placeholder secret, a missing SECRET_KEY) stops it at
once, with one line saying why.
"""

from app.config import get_settings

get_settings()

from app.main import app  # noqa: E402  (loaded once the settings are known to be usable)

__all__ = ["app"]
