"""Django format modules (``FORMAT_MODULE_PATH``): what Django's own locale
modules leave to its English defaults."""
