"""The ``akhbar`` console script: Django's command runner with Akhbar's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a Django management command, defaulting to the development settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["akhbar", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
