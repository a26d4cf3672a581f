"""API tokens: issued by create_api_token, stored as a digest, refused once expired
or revoked, with a message that says which."""

import datetime
import hashlib
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.api.helpers import make_user

pytestmark = pytest.mark.django_db

PATH = "/api/indicators/exports/"


@pytest.fixture
def staff_editor(db):
    user = make_user("token-editor", perms=True)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def issue(username, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", username, stdout=out, stderr=err, **options)
    return out.getvalue().strip(), err.getvalue()


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_an_issued_token_writes_and_is_printed_once_with_its_expiry(staff_editor, data):
    before = timezone.now()
    key, note = issue("token-editor")
    assert len(key) == 64 and "\n" not in key
    response = with_token(key).patch(PATH, {"year": 2023}, format="json")
    assert response.status_code == 200
    assert response.json()["year"] == 2023
    token = AuthToken.objects.get(user=staff_editor)
    assert token.expiry - before >= datetime.timedelta(days=90)
    assert token.expiry - before < datetime.timedelta(days=90, minutes=1)
    assert f"valid until {token.expiry:%Y-%m-%d}" in note
    assert key not in note


def test_the_database_holds_a_digest_of_the_token_never_the_token(staff_editor):
    key, _ = issue("token-editor")
    table = AuthToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        (row,) = cursor.fetchall()
    assert all(key not in str(value) for value in row)
    assert AuthToken.objects.get().digest == hashlib.sha512(key.encode()).hexdigest()


def test_days_sets_the_term_and_stays_within_a_year(staff_editor):
    issue("token-editor", days=7)
    token = AuthToken.objects.get()
    term = token.expiry - token.created
    assert abs(term - datetime.timedelta(days=7)) < datetime.timedelta(minutes=1)
    for days in (0, 366, "soon"):
        with pytest.raises(CommandError, match="--days must be a whole number"):
            issue("token-editor", days=days)


def test_an_expired_token_is_a_401_that_says_so(staff_editor, data):
    key, _ = issue("token-editor")
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    response = with_token(key).patch(PATH, {"year": 2023}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"].startswith("Token expired on ")
    assert "create_api_token" in response.json()["detail"]
    # Refused on a read too: the client learns now, not at its next write.
    assert with_token(key).get(PATH).status_code == 401


def test_a_revoked_token_is_a_401(staff_editor, data):
    key, _ = issue("token-editor")
    AuthToken.objects.filter(user=staff_editor).delete()
    response = with_token(key).patch(PATH, {"year": 2023}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"] == (
        "Invalid token: it was revoked, or never issued."
    )


def test_a_token_of_a_deactivated_account_is_a_401(staff_editor, data):
    key, _ = issue("token-editor")
    staff_editor.is_active = False
    staff_editor.save(update_fields=["is_active"])
    assert with_token(key).get(PATH).status_code == 401


@pytest.mark.parametrize("key", ["\xff\xfe", "not-hex-" * 8, ""])
def test_a_malformed_token_is_a_401_not_an_error(data, key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}".strip())
    assert client.get(PATH).status_code == 401


def test_the_command_refuses_unknown_non_staff_and_inactive_users(staff_editor):
    with pytest.raises(CommandError, match="No user 'nobody'"):
        issue("nobody")
    make_user("reader")
    with pytest.raises(CommandError, match="reader is not staff"):
        issue("reader")
    staff_editor.is_active = False
    staff_editor.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="token-editor is not active"):
        issue("token-editor")
    assert not AuthToken.objects.exists()


def test_the_command_keeps_to_the_limit_and_clears_expired_tokens(staff_editor):
    knox = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    with override_settings(REST_KNOX=knox):
        issue("token-editor")
        issue("token-editor")
        with pytest.raises(CommandError, match="already holds 2 unexpired tokens"):
            issue("token-editor")
        AuthToken.objects.filter(
            digest=AuthToken.objects.order_by("created").first().digest
        ).update(expiry=timezone.now())
        issue("token-editor")
    assert AuthToken.objects.filter(expiry__gt=timezone.now()).count() == 2
    assert AuthToken.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # SQLite alters tables outside one
def test_the_migration_drops_the_old_plain_text_tokens():
    migration = importlib.import_module(
        "projects.migrations.0009_drop_plain_api_tokens"
    )
    recorder = MigrationRecorder(connection)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('plain-key')")
    recorder.record_applied("authtoken", "0001_initial")
    try:
        with connection.schema_editor() as editor:
            migration.drop_plain_tokens(django_apps, editor)
        assert "authtoken_token" not in connection.introspection.table_names()
        assert not recorder.migration_qs.filter(app="authtoken").exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS authtoken_token")
        recorder.migration_qs.filter(app="authtoken").delete()
