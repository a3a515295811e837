"""Application factory: routers, CORS, security headers and error handlers."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.config import APP_TITLE, APP_VERSION, get_settings
from app.errors import register_error_handlers
from app.headers import SecurityHeaders
{{ router_import }}


def create_app() -> FastAPI:
    """Build the ASGI application."""
    settings = get_settings()
    app = FastAPI(title=APP_TITLE, version=APP_VERSION, redirect_slashes=False)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )
    app.add_middleware(SecurityHeaders)
    register_error_handlers(app)
    app.include_router(auth.router)
{% for e in entities %}    app.include_router({{ e.snake }}.router)
{% endfor %}    return app


app = create_app()
