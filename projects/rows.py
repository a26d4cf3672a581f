"""Reads of one row through a cursor, for the few that run on every request."""

from typing import Any

from django.db import connections, router
from django.db.models import Model


def row_by_pk(model: type[Model], pk: Any, *fields: str) -> tuple | None:
    """The named fields of one row, converted as the ORM would, or None.

    For reads on every request (the data version): building and compiling the
    ORM's query costs several times what the database then takes to answer it.
    """
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    columns = [
        model._meta.get_field(name).get_col(model._meta.db_table) for name in fields
    ]
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        ", ".join(quote(column.target.column) for column in columns),
        quote(model._meta.db_table),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    return tuple(
        _converted(value, column, connection)
        for value, column in zip(row, columns, strict=True)
    )


def _converted(value, column, connection):
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(
        connection
    )
    for converter in converters:
        value = converter(value, column, connection)
    return value
