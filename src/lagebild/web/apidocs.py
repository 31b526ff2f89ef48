"""The API reference page (/docs), rendered on the server from the app's OpenAPI description: no script,
no stylesheet from elsewhere, so it works offline and under the pages' Content-Security-Policy."""

from __future__ import annotations

from typing import Any


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null") or "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    t = schema.get("type", "any")
    if t == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return str(t)


def _limits(schema: dict[str, Any]) -> str:
    parts = []
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "length ≥"), ("maxLength", "length ≤")):
        if key in schema:
            parts.append(f"{word} {schema[key]}")
    for s in schema.get("anyOf", []):
        parts.extend(_limits(s).split(", ") if _limits(s) else [])
    if "default" in schema and schema["default"] is not None:
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every route of the OpenAPI description: method, path, summary and parameters (name, where, type,
    limits, description)."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": _type(p.get("schema", {})), "limits": _limits(p.get("schema", {})),
                       "description": p.get("description") or p.get("schema", {}).get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "params": params, "body": _type(body) if body else None,
                        "returns": _type(ok) if ok else "JSON"})
    return out
