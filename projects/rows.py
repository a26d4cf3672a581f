"""Reads of one row through a cursor, for the few that run on every request."""

import functools
from typing import Any

from django.db import connections, router
from django.db.models import Model


def row_by_pk(model: type[Model], pk: Any, *fields: str) -> tuple | None:
    """The named fields of one row, converted as the ORM would, or None.

    For reads on every request (the data version): building and compiling the
    ORM's query costs several times what the database then takes to answer it.
    """
    alias = router.db_for_read(model)
    connection = connections[alias]
    sql, columns = _statement(model, fields, alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    return tuple(
        _converted(value, column, connection)
        for value, column in zip(row, columns, strict=True)
    )


@functools.cache
def _statement(model: type[Model], fields: tuple[str, ...], alias: str):
    """The SELECT and its columns, built once per model, fields and database."""
    quote = connections[alias].ops.quote_name
    table = model._meta.db_table
    columns = [model._meta.get_field(name).get_col(table) for name in fields]
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        ", ".join(quote(column.target.column) for column in columns),
        quote(table),
        quote(model._meta.pk.column),
    )
    return sql, columns


def _converted(value, column, connection):
    converters = connection.ops.get_db_converters(column)
    for converter in converters + column.get_db_converters(connection):
        value = converter(value, column, connection)
    return value
