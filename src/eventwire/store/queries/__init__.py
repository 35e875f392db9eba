"""The store's reads, one module per domain, each a mixin class that ``Store`` inherits.

Every module here reads through the ``Store`` it is mixed into (``_fetch``,
``_scalar``, ``_stream``, ``_snapshot``) and writes only the tables of its own
domain; none of them opens a connection.
"""
