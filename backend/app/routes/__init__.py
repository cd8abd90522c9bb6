"""The API's endpoints, an APIRouter per concern; :func:`app.main.create_app` includes them.

They reach the process's shared objects (settings, engines, readiness) through
``app.state``, which ``create_app`` fills, so a router holds no state of its own and several
apps (the tests build many) never share one.
"""
