"""gridnews import: scraped articles in, clean stories in the content model out.

The pipeline (pipeline.py) runs named stages in order: decode → detect format → parse into
blocks → repair text → read metadata → strip chrome → credits → paragraphs and headings →
images → region → facts → privacy → write. Each stage lives in its own module.
"""
