import sys

from sop_portal.cli import main

sys.exit(main())
