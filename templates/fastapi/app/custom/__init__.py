"""Your own endpoints: every module of this package that defines ``router``
(an ``APIRouter``) is served by the app, after the generated routers.

This package is yours. It was written once, when the app was made, and
updating the app from a changed PRD never writes here: add modules such as
``app/custom/reports.py`` instead of editing the generated files.
"""
