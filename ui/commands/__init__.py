"""The subcommands of ``rekap-desktop``, one module per concept (DESIGN §10).

Every module here defines ``ORDER`` (its place in ``--help``) and ``register(registry)``, which adds its
subcommands with :meth:`ui.commands.common.Registry.add`. :mod:`ui.cli` discovers the modules, so a new concept
is a new module and nothing else changes. No Qt at module level: headless commands run without a display.
"""
