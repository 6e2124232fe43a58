#!/usr/bin/env python3
"""Refreshes the platform specs the tests check ShowBot against, from checkouts of their upstream repositories.

Usage: python3 tests/Specs/refresh.py DISCORD_API_SPEC_CHECKOUT SLACK_MANIFEST_SCHEMA_CHECKOUT
  (checkouts of github.com/discord/discord-api-spec and github.com/slackapi/manifest-schema)

discord/openapi.slice.json: from specs/openapi.json, the operations ShowBot sends a body to (only their JSON request
bodies) and every component schema those reach through $ref. Add an operation to DISCORD_OPERATIONS when the bot sends
a body to a new route. slack/: Slack's manifest schema and its own valid and invalid examples, copied as they are.
Each folder keeps the upstream LICENSE. Record the commits in tests/Specs/README.md.
"""
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent

DISCORD_OPERATIONS = {
    "/applications/{application_id}/commands": ["put"],
    "/applications/{application_id}/guilds/{guild_id}/commands": ["put"],
    "/channels/{channel_id}/messages": ["post"],
    "/interactions/{interaction_id}/{interaction_token}/callback": ["post"],
    "/webhooks/{webhook_id}/{webhook_token}": ["post"],
    "/webhooks/{webhook_id}/{webhook_token}/messages/@original": ["patch"],
}

SLACK_FILES = {
    "schemas/manifest.schema.2.0.0.json": "manifest.schema.2.0.0.json",
    "tests/manifests/v2/manifest.valid.json": "manifest.valid.example.json",
    "tests/manifests/v2/manifest.invalid.json": "manifest.invalid.example.json",
    "LICENSE": "LICENSE",
}


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def json_request_body(operation):
    body = operation["requestBody"]
    return {
        "operationId": operation["operationId"],
        "requestBody": {**body, "content": {"application/json": body["content"]["application/json"]}},
    }


def refresh_discord(checkout):
    spec = json.loads((checkout / "specs" / "openapi.json").read_text(encoding="utf-8"))
    paths = {path: {method: json_request_body(spec["paths"][path][method]) for method in methods}
             for path, methods in DISCORD_OPERATIONS.items()}

    schemas = spec["components"]["schemas"]
    kept, pending = {}, list(references(paths))
    while pending:
        name = pending.pop().removeprefix("#/components/schemas/")
        if name not in kept:
            kept[name] = schemas[name]
            pending.extend(references(kept[name]))

    sliced = {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "paths": paths,
        "components": {"schemas": dict(sorted(kept.items()))},
    }
    out = HERE / "discord"
    out.mkdir(exist_ok=True)
    (out / "openapi.slice.json").write_text(json.dumps(sliced, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copyfile(checkout / "LICENSE", out / "LICENSE")
    print(f"discord/openapi.slice.json: {len(paths)} paths, {len(kept)} schemas")


def refresh_slack(checkout):
    out = HERE / "slack"
    out.mkdir(exist_ok=True)
    for upstream, here in SLACK_FILES.items():
        shutil.copyfile(checkout / upstream, out / here)
    print(f"slack/: {len(SLACK_FILES)} files")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    refresh_discord(Path(sys.argv[1]))
    refresh_slack(Path(sys.argv[2]))
