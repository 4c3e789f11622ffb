"""API documentation at ``/schema``, rendered on the server: no CDN script, works offline."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin


class ServerRenderedDocsPlugin(OpenAPIRenderPlugin):
    """Renders the OpenAPI document as a plain HTML page from ``templates/api_docs.html``."""

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        operations = [
            {"path": path, "method": method.upper(), **operation}
            for path, item in sorted(openapi_schema.get("paths", {}).items())
            for method, operation in item.items()
            if method in {"get", "post", "put", "patch", "delete"}
        ]
        template = request.app.template_engine.get_template("api_docs.html")
        html = template.render(
            request=request,
            spec=openapi_schema,
            operations=operations,
            json_url=self.get_openapi_json_route(request),
        )
        return html.encode()
