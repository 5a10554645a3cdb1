"""Say clearly which system library is missing before anything else fails obscurely."""

import sys

try:
    import weasyprint  # noqa: F401
except OSError as error:
    sys.exit(
        "WeasyPrint ne trouve pas ses bibliothèques système (Pango, HarfBuzz).\n"
        "Sur Debian ou Ubuntu : sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0\n"
        f"WeasyPrint cannot load its system libraries: {error}"
    )
if sys.version_info[:2] != (3, 11):
    sys.exit(f"Impact needs Python 3.11; this is {sys.version.split()[0]}.")
