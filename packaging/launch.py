"""The frozen app's entry point: the same ``main.main`` as the ``panel-review``
script of a pip install, so the window and every subcommand behave alike."""

import sys

from main import main

if __name__ == "__main__":
    sys.exit(main())
