import sys

from summarize.align.measure import main

sys.exit(main())
