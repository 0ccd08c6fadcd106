"""Word (python-docx) documents; one module per document, the shared OSCE layout in `layout`."""
