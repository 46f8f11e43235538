import sys

from gongkai_cli import main

sys.exit(main())
