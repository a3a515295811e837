"""Pydantic request and response schemas."""
