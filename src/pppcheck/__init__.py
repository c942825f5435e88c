"""pppcheck: scored gap reports for SMART-city PPP tenders.

The public API is imported lazily so that `pppcheck --version` and `import pppcheck` stay cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"
