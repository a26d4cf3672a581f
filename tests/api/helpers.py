"""Helpers the API tests share: users, token clients, and readers of answers."""

import csv
import io
import json
import secrets

from django.contrib.auth.models import Permission, User
from knox.models import AuthToken
from rest_framework.test import APIClient


def make_user(username, *, perms=False):
    user = User.objects.create_user(username, password=secrets.token_hex(12))
    if perms:
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="projects")
        )
    return user


def token_client(user):
    client = APIClient()
    _, key = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def geojson_body(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)
