"""API tokens in the admin: listed without their keys, revoked by their holder."""

import pytest
from django.contrib.auth.models import User
from knox.models import AuthToken

from projects.models import APIToken
from tests.admin.helpers import admin_url

pytestmark = pytest.mark.django_db


def issued(user):
    token, key = AuthToken.objects.create(user=user)
    return token, key


def test_the_token_list_shows_no_part_of_the_key(admin_client):
    token, key = issued(admin_client.user)
    page = admin_client.get(admin_url(APIToken, "changelist")).content.decode()
    assert "chief" in page and "1 API token" in page
    # token_key is the key's first characters; the digest, a one-way hash that
    # opens nothing, is the row's primary key and so in its address alone.
    assert key not in page and token.token_key not in page
    assert f">{token.digest}<" not in page
    detail = admin_client.get(admin_url(APIToken, "change", token.pk))
    assert detail.status_code == 200
    assert key not in detail.content.decode()
    assert token.token_key not in detail.content.decode()


def test_tokens_are_issued_by_the_command_not_the_admin(admin_client):
    assert admin_client.get(admin_url(APIToken, "add")).status_code == 403
    # knox's own admin, which lists digests and issues tokens, is replaced.
    page = admin_client.get("/admin/").content.decode()
    assert "/admin/knox/" not in page and "API tokens" in page


def test_an_editor_sees_and_revokes_only_their_own_tokens(editor):
    own, key = issued(editor.user)
    other, _ = issued(User.objects.create_user("olga", is_staff=True))
    page = editor.get(admin_url(APIToken, "changelist")).content.decode()
    assert "1 API token" in page and "olga" not in page
    assert editor.get(admin_url(APIToken, "change", other.pk)).status_code == 302
    assert editor.get(admin_url(APIToken, "delete", other.pk)).status_code == 302
    response = editor.post(admin_url(APIToken, "delete", own.pk), {"post": "yes"})
    assert response.status_code == 302
    assert list(AuthToken.objects.all()) == [other]
    answer = editor.get("/api/sectors/", HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 401


def test_the_token_list_takes_the_same_queries_for_more_tokens(
    admin_client, django_assert_num_queries
):
    for name in ("ana", "bilal", "chen"):
        issued(User.objects.create_user(name, is_staff=True))
    # The session and the user; the count, the unfiltered count, the page of
    # tokens with their users joined.
    with django_assert_num_queries(5):
        page = admin_client.get(admin_url(APIToken, "changelist"))
    assert page.content.decode().count("token of ") == 3
