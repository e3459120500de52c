"""Credentials as a real user gets them: a password grant on the development client `retort-cli`
(development users alice, tom, ada), then an API key created through the API."""

from __future__ import annotations

import os
import sys
import time
import uuid

import httpx

from retort import Retort


def keycloak_url() -> str:
    return os.environ.get("KEYCLOAK_URL", "http://127.0.0.1:8080").rstrip("/")


def password_token(username: str, attempts: int = 10) -> str:
    realm = os.environ.get("KEYCLOAK_REALM", "retort")
    url = f"{keycloak_url()}/realms/{realm}/protocol/openid-connect/token"
    form = {
        "grant_type": "password",
        "client_id": "retort-cli",
        "username": username,
        "password": f"{username}-dev-password",
    }
    for attempt in range(1, attempts + 1):
        response = httpx.post(url, data=form, timeout=30)
        if response.status_code == 200:
            token = response.json()["access_token"]
            assert isinstance(token, str)
            return token
        # The realm's brute-force protection may lock a shared user out for a moment.
        if attempt == attempts:
            raise RuntimeError(f"sign-in of {username} failed: HTTP {response.status_code} {response.text}")
        time.sleep(3)
    raise AssertionError("unreachable")


def api_key(url: str, username: str) -> str:
    with Retort(url, token=password_token(username)) as client:
        return client.create_api_key(f"pytest {uuid.uuid4().hex[:8]}").key


if __name__ == "__main__":
    # Prints an API key for a development user: `python tests/credentials.py alice`.
    print(api_key(os.environ["RETORT_URL"], sys.argv[1] if len(sys.argv) > 1 else "alice"))
