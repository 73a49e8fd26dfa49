"""`planctl import`: an office's Word, ODF or spreadsheet plan turned into a draft plan file.

Two steps, each blind to the other's half: a reader per format (docx.py, odf.py, xlsx.py)
turns the file into one neutral model of the document (document.py: paragraphs and tables,
each table a grid of cells with their spans, marks and shading), and the recogniser
(recognise.py) turns that model into a plan, saying in a report what it recognised, what it
guessed and what it could not place. The readers' libraries (python-docx, odfdo, openpyxl) are
imported only here, and only when `planctl import` runs.
"""
