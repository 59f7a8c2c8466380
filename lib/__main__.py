"""python -m lib …: the command line (see lib/cli.py)."""

import sys

if "jalankan" in sys.argv[1:3]:  # the launcher: no data library before the server starts (lib/cli_server.py)
    from lib.cli_server import main as serve

    sys.exit(serve(sys.argv[1:]))

from lib.cli import main  # noqa: E402  (after the launcher's short way)

sys.exit(main())
