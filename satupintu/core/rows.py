"""One-row reads and writes by key, with their SQL built once per process.

Django builds every statement anew: on this 2-core VM compiling
`Ticket.objects.filter(pk=…)` takes 330–520 µs against 41 µs to run it, and a
`Model.save()` spends most of its time in the insert compiler (docs/benchmarks.md,
"Where the time goes"). The queue's hot path (a ticket, its history row, each
transition) writes a few rows per request, so this module keeps the text of those
statements per model, fields and database, and only binds values.

The rows are the ones the ORM would write and read: values go through each field's
`pre_save` and `get_db_prep_save`, and what is read through the same converters a
queryset applies (the backend's, then the field's `from_db_value`). Errors come
through Django's cursor, so a broken constraint is Django's IntegrityError. A model
with `pre_save`/`post_save` receivers, a database default or a generated field is
saved by the ORM instead: those need what the compiler does.

Django has no prepared-statement cache of its own and no package offers one; if one
appears it should replace this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import DatabaseError, connections, router
from django.db.models import NOT_PROVIDED, Field, Model, signals
from django.db.models.fields.generated import GeneratedField

# Statement texts name tables and columns from model metadata only; values are always
# bound as parameters (hence the S608 exemptions below).
_SQL: dict[tuple, str] = {}
# attnames of a model's columns, and (column index, converters, expression) where needed
Reader = tuple[list[str], list[tuple[int, list[Callable], Any]]]
_READERS: dict[tuple, Reader] = {}
_PLAIN: dict[type[Model], bool] = {}
OUT_OF_RANGE = object()


def insert[M: Model](obj: M) -> M:
    """INSERT `obj` as `obj.save(force_insert=True)` would, and set its primary key."""
    write(insert=[obj])
    return obj


def update(obj: Model, fields: Iterable[str]) -> None:
    """UPDATE the named fields of `obj`'s row, as `obj.save(update_fields=…)` would."""
    write(update=[(obj, fields)])


def write(
    *, update: Iterable[tuple[Model, Iterable[str]]] = (), insert: Iterable[Model] = ()
) -> None:
    """The updates (object, field names), then the inserts, as `update` and `insert` do
    them, sent in one round trip where the database takes several statements at once.

    A transition writes its ticket, its counter's state and its history row; on
    PostgreSQL each statement is a round trip that costs more than running it
    (docs/benchmarks.md). With parameters bound on the client (psycopg's ClientCursor,
    Django's default) the statements travel as one text and each keeps its own result;
    elsewhere, and for a model the ORM must save, they run one after another.
    """
    updates = [(obj, tuple(fields)) for obj, fields in update]
    inserts = list(insert)
    objects = [obj for obj, _ in updates] + inserts
    aliases = {router.db_for_write(type(obj), instance=obj) for obj in objects}
    if len(aliases) > 1:  # rows of several databases: each on its own
        for obj, names in updates:
            write(update=[(obj, names)])
        for obj in inserts:
            write(insert=[obj])
        return
    if not aliases:
        return
    alias = aliases.pop()
    connection = connections[alias]
    statements = [_update_statement(obj, names, connection) for obj, names in updates]
    statements += [_insert_statement(obj, connection) for obj in inserts]
    together = len(statements) > 1 and _batches(connection) and all(s.sql for s in statements)
    with connection.cursor() as cursor:
        if together:
            cursor.execute(
                "; ".join(s.sql for s in statements), [p for s in statements for p in s.params]
            )
            for index, statement in enumerate(statements):
                if index:
                    cursor.nextset()
                statement.done(cursor, connection, alias)
            return
        for statement in statements:
            if statement.sql:
                cursor.execute(statement.sql, statement.params)
            statement.done(cursor, connection, alias)


class _Statement:
    """One write: its SQL and parameters (empty SQL: the ORM saves the object instead),
    and what to check or read back once it has run."""

    def __init__(self, sql: str, params: list[Any], obj: Model) -> None:
        self.sql, self.params, self.obj = sql, params, obj

    def done(self, cursor, connection, alias: str) -> None:
        raise NotImplementedError


class _Update(_Statement):
    def __init__(self, sql: str, params: list[Any], obj: Model, names: tuple[str, ...]) -> None:
        super().__init__(sql, params, obj)
        self.names = names

    def done(self, cursor, connection, alias: str) -> None:
        if not self.sql:
            self.obj.save(update_fields=self.names)
        elif cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")


class _Insert(_Statement):
    def __init__(self, sql: str, params: list[Any], obj: Model, returning: bool = False):
        super().__init__(sql, params, obj)
        self.returning = returning

    def done(self, cursor, connection, alias: str) -> None:
        obj = self.obj
        if not self.sql:
            obj.save(force_insert=True)
            return
        if obj.pk is None:
            meta = obj._meta
            obj.pk = (
                cursor.fetchone()[0]
                if self.returning
                else connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
            )
        obj._state.adding, obj._state.db = False, alias


def _update_statement(obj: Model, names: tuple[str, ...], connection) -> _Statement:
    model = type(obj)
    if not _plain(model):
        return _Update("", [], obj, names)
    columns = [_field(model, name) for name in names]
    key = ("update", model, names, connection.vendor)
    sql = _SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
        key_column = quote(_field(model, "pk").column)
        sql = _SQL[key] = (
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {key_column} = %s"  # noqa: S608
        )
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection=connection) for f in columns]
    values.append(model._meta.pk.get_db_prep_value(obj.pk, connection))
    return _Update(sql, values, obj, names)


def _insert_statement(obj: Model, connection) -> _Statement:
    model = type(obj)
    meta = model._meta
    if not _plain(model):
        return _Insert("", [], obj)
    fields = [
        f for f in meta.local_concrete_fields if not (f is meta.auto_field and obj.pk is None)
    ]
    returning = obj.pk is None and connection.features.can_return_columns_from_insert
    key = ("insert", model, tuple(f.attname for f in fields), connection.vendor, returning)
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = _insert_sql(connection, meta, fields, returning)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields]
    return _Insert(sql, values, obj, returning)


def _batches(connection) -> bool:
    """Whether one execute may carry several statements: PostgreSQL with parameters bound
    on the client (server-side binding sends each statement on its own)."""
    options = connection.settings_dict.get("OPTIONS", {})
    return connection.vendor == "postgresql" and not options.get("server_side_binding")


def get_by[M: Model](
    model: type[M], field_name: str, value: Any, *, lock: bool = False
) -> M | None:
    """The row whose `field_name` equals `value` (a unique field), or None; `lock` takes a
    row lock for the transaction where the database has them (SELECT … FOR UPDATE)."""
    alias = router.db_for_write(model) if lock else router.db_for_read(model)
    connection = connections[alias]
    field = _field(model, field_name)
    lock = lock and connection.features.has_select_for_update
    key = ("get", model, field_name, connection.vendor, lock)
    sql = _SQL.get(key)
    if sql is None:
        where = f"{connection.ops.quote_name(field.column)} = %s"
        sql = f"{_select_all(model, connection)} WHERE {where}"
        _SQL[key] = sql = sql + (" FOR UPDATE" if lock else "")
    bound = _bound(field, value, connection)
    if bound is OUT_OF_RANGE:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, [bound])
        row = cursor.fetchone()
    return None if row is None else _instance(model, alias, connection, row)


def get_by_and_exists[M: Model](
    model: type[M], field_name: str, value: Any, link: type[Model], **equal: Any
) -> tuple[M | None, bool]:
    """get_by, and in the same statement whether a row of `link` has these values (the
    row a permission rests on, read with the object it is about: one round trip)."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    field = _field(model, field_name)
    links = [_field(link, name) for name in equal]
    key = ("get+exists", model, field_name, link, tuple(equal), connection.vendor)
    sql = _SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        where = _equal_to(links, connection)
        found = f"EXISTS(SELECT 1 FROM {quote(link._meta.db_table)} WHERE {where})"  # noqa: S608
        sql = _SQL[key] = (
            f"{_select_all(model, connection, also=found)} WHERE {quote(field.column)} = %s"
        )
    params = [_bound(f, v, connection) for f, v in zip(links, equal.values(), strict=True)]
    params.append(_bound(field, value, connection))
    if OUT_OF_RANGE in params:
        return None, False
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, False
    return _instance(model, alias, connection, row[:-1]), bool(row[-1])


def first_where[M: Model](
    model: type[M], where: str, params: list[Any], *, order: str, skip_locked: bool = False
) -> M | None:
    """The first row, in `order`, of those matching `where` (SQL over the model's columns,
    with %s placeholders for `params`), or None. `skip_locked` locks the row it returns
    and passes over rows other transactions hold, where the database can
    (SELECT … FOR UPDATE SKIP LOCKED); elsewhere (SQLite) writers are serialised anyway."""
    alias = router.db_for_write(model) if skip_locked else router.db_for_read(model)
    connection = connections[alias]
    skip_locked = skip_locked and connection.features.has_select_for_update_skip_locked
    key = ("first", model, where, order, connection.vendor, skip_locked)
    sql = _SQL.get(key)
    if sql is None:
        sql = f"{_select_all(model, connection)} WHERE {where} ORDER BY {order} LIMIT 1"
        _SQL[key] = sql = sql + (" FOR UPDATE SKIP LOCKED" if skip_locked else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else _instance(model, alias, connection, row)


def exists(model: type[Model], **equal: Any) -> bool:
    """Whether a row has these column values (`field=value`, all compared with =)."""
    return bool(_matching(model, None, equal, limit=1))


def column(model: type[Model], name: str, **equal: Any) -> list[Any]:
    """One column of the rows with these values, as the database returns it: meant for
    ids and other plain values (no field conversion is applied)."""
    return [row[0] for row in _matching(model, name, equal)]


def _matching(model: type[Model], name: str | None, equal: dict[str, Any], limit: int = 0) -> list:
    """Rows of one column (`name`; None: a constant, for existence) with these values."""
    meta = model._meta
    alias = router.db_for_read(model)
    connection = connections[alias]
    fields = [_field(model, field_name) for field_name in equal]
    key = ("where", model, name, tuple(equal), limit, connection.vendor)
    sql = _SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        selected = "1" if name is None else quote(_field(model, name).column)
        where = _equal_to(fields, connection) or "1 = 1"
        sql = f"SELECT {selected} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608
        _SQL[key] = sql = sql + (f" LIMIT {int(limit)}" if limit else "")
    params = [_bound(f, value, connection) for f, value in zip(fields, equal.values(), strict=True)]
    if OUT_OF_RANGE in params:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _field(model: type[Model], name: str) -> Any:
    """The concrete field by name or attname (`counter` or `counter_id`); `pk` for the key."""
    meta = model._meta
    return meta.pk if name == "pk" else meta.get_field(name)


def _bound(field: Any, value: Any, connection) -> Any:
    """`value` as a parameter compared with `field`'s column, or OUT_OF_RANGE for an integer
    the column cannot hold (no row has it; SQLite would raise OverflowError): Django's
    IntegerField lookups do the same."""
    bound = field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)
    if isinstance(bound, int) and not isinstance(bound, bool):
        target = field.target_field if field.is_relation else field
        low, high = connection.ops.integer_field_ranges.get(
            target.get_internal_type(), (None, None)
        )
        if (low is not None and bound < low) or (high is not None and bound > high):
            return OUT_OF_RANGE
    return bound


def _plain(model: type[Model]) -> bool:
    """Whether the ORM's save does nothing for this model beyond the statement itself."""
    plain = _PLAIN.get(model)
    if plain is None:
        meta = model._meta
        special = any(
            f.db_default is not NOT_PROVIDED or isinstance(f, GeneratedField)
            for f in meta.concrete_fields
        )
        # an inherited model's row spans tables, and a proxy's belongs to its concrete model
        plain = _PLAIN[model] = not (special or meta.parents or meta.proxy)
    listening = signals.pre_save.has_listeners(model) or signals.post_save.has_listeners(model)
    return plain and not listening


def _insert_sql(connection, meta, fields: list[Field], returning: bool) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    return sql + (f" RETURNING {quote(meta.pk.column)}" if returning else "")


def _select_all(model: type[Model], connection, also: str = "") -> str:
    """SELECT of all the model's columns (and `also`, one more expression) FROM its table."""
    quote = connection.ops.quote_name
    columns = [quote(str(f.column)) for f in model._meta.concrete_fields] + ([also] if also else [])
    return f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)}"  # noqa: S608


def _equal_to(fields: list, connection) -> str:
    """`column = %s` for each field, joined with AND."""
    quote = connection.ops.quote_name
    return " AND ".join(f"{quote(f.column)} = %s" for f in fields)


def _instance[M: Model](model: type[M], alias: str, connection, row: tuple) -> M:
    """A model instance from a row of all its columns, converted as a queryset would."""
    names, converters = _reader(model, connection)
    values = list(row)
    for index, functions, expression in converters:
        for convert in functions:
            values[index] = convert(values[index], expression, connection)
    return model.from_db(alias, names, values)


def _reader(model: type[Model], connection) -> Reader:
    """Attribute names of the model's columns, and per column the converters a queryset
    would apply to it (the backend's first, then the field's)."""
    key = (model, connection.vendor)
    reader = _READERS.get(key)
    if reader is None:
        fields = model._meta.concrete_fields
        converters = []
        for index, field in enumerate(fields):
            expression = field.get_col(model._meta.db_table)
            functions = connection.ops.get_db_converters(expression)
            functions += expression.get_db_converters(connection)
            if functions:
                converters.append((index, functions, expression))
        reader = _READERS[key] = ([f.attname for f in fields], converters)
    return reader
