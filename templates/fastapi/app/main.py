"""Application factory: routers, middleware (body limit, security headers), error
handlers, and the web pages."""

import importlib
import pkgutil

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from app import custom
from app.config import APP_DESCRIPTION, APP_TITLE, APP_VERSION, get_settings
from app.errors import register_error_handlers
from app.headers import SecurityHeaders
from app.limits import BodySizeLimit
from app.requests import reject_unknown_query
{{ router_import }}
from app.web.pages import PagesMount, create_web_app


def custom_routers() -> list[APIRouter]:
    """The ``router`` of every module of ``app/custom``, in name order."""
    routers = []
    for module in sorted(pkgutil.iter_modules(custom.__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{custom.__name__}.{module.name}")
        router = getattr(loaded, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers


def create_app(*, with_custom_routers: bool = True) -> FastAPI:
    """Build the ASGI application; ``with_custom_routers=False`` leaves out
    the endpoints of ``app/custom``, for comparing the rest with openapi.yaml.

    The documentation pages (/docs, /redoc) load their scripts and styles
    from the app itself, so they work without internet access.
    """
    settings = get_settings()
    app = FastAPIOffline(
        title=APP_TITLE,
        version=APP_VERSION,
        description=APP_DESCRIPTION,
        redirect_slashes=False,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )
    # The middleware added last runs first: an oversized body is refused
    # before anything but the security headers, which every answer gets,
    # the body limit's 413 included.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    register_error_handlers(app)
    app.include_router(auth.router)
{% for e in entities %}    app.include_router({{ e.snake }}.router)
{% endfor %}    if with_custom_routers:
        for router in custom_routers():
            app.include_router(router)
    # The pages take every path outside /api/ that the app does not serve
    # otherwise, so they come last.
    app.router.routes.append(PagesMount("/", app=create_web_app()))
    return app


app = create_app()
