"""Specs and files: Altair charts (charts), pydeck and static maps (maps), Excel/CSV/PNG bytes (export), the
district brief (pdf) and the meeting deck (pptx). Reads lib.present's content; never Streamlit.

`from lib.render import charts, maps, export, pdf, pptx`: nothing is imported here, so a page that only draws a chart
does not load fpdf2 or python-pptx.
"""
