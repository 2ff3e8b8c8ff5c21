"""The REST API face: FastAPI app factory, routes, auth, limits, metrics, engine hot swap."""

from service.api.app import create_app

__all__ = ["create_app"]
