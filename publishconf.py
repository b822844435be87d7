"""Settings for publishing (make publish): absolute URLs and a clean output folder."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pelicanconf

globals().update({name: value for name, value in vars(pelicanconf).items() if name.isupper()})

SITEURL = os.environ.get("GRIDNEWS_SITEURL", "https://example.gov.cn")
CANONICAL_URL = SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
